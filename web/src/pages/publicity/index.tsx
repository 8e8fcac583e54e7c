import { Typography } from 'antd';

export default function Area() {
  return <Typography.Title level={2}>publicity</Typography.Title>;
}

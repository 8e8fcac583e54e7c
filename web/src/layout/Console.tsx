import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AppLayout } from './AppLayout';

dayjs.locale('zh-cn');

/**
 * The console's theme: the party red, and antd's secondary, placeholder, error and link colours
 * darkened to WCAG AA contrast (4.5:1) on white — antd's defaults fall short (axe-core, e2e/).
 */
const THEME = {
  token: {
    colorPrimary: '#c0392b',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorError: '#b71c1c',
    colorLink: '#0958d9',
    colorLinkHover: '#1677ff',
    colorLinkActive: '#003eb3',
  },
};

/** Everything behind sign-in: antd (Chinese locale, the theme) and the signed-in frame — one chunk, loaded after sign-in. */
export default function Console() {
  return (
    <ConfigProvider locale={zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <AppLayout />
      </AntApp>
    </ConfigProvider>
  );
}

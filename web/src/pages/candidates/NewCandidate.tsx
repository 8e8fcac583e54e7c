import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok } from '../../api/client';
import { FormProblems } from '../../common/api-form';
import { isoDate } from '../../common/format';
import { useOrganizations, useRefreshAfterWrite, type CandidateDetail } from './data';
import { DateInput } from './fields';
import { placeProblems, type Problem } from './problems';

interface Values {
  orgId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: Dayjs;
  applicationDate: Dayjs;
  ethnicity?: string;
  education?: string;
  occupation?: string;
  workUnit?: string;
  frontline: boolean;
  highKnowledge: boolean;
  idNumber?: string;
  removed: boolean;
  priorRemoval?: { kind: 'persuaded' | 'removed'; on?: Dayjs };
}

interface Holder {
  candidateId: string;
  orgId: string;
  orgName: string;
}

/** 409 DUPLICATE_APPLICANT names the open file when it is within the caller's scope. */
class Duplicate extends Error {
  constructor(
    readonly original: unknown,
    readonly holder?: Holder,
  ) {
    super('DUPLICATE_APPLICANT');
  }
}

const EDUCATION = ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下'].map((value) => ({ value }));
const ETHNICITY = ['汉族', '回族', '满族', '蒙古族', '壮族', '藏族', '维吾尔族', '苗族', '彝族', '土家族'].map(
  (value) => ({
    value,
  }),
);

const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** 新建入党申请 (SPEC §5 row 0): the applicant's record, then their page. */
export default function NewCandidate() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const { branches, isPending: orgsLoading } = useOrganizations();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [duplicate, setDuplicate] = useState<{ message: string; holder?: Holder }>();
  // One key per attempt: a retry of the same submission (a lost answer) is not recorded twice.
  const key = useRef(newKey());
  const removed = Form.useWatch('removed', form);

  useEffect(() => {
    if (branches.length === 1 && !form.getFieldValue('orgId')) form.setFieldValue('orgId', branches[0].id);
  }, [branches, form]);

  const mutation = useMutation({
    mutationFn: async (v: Values): Promise<CandidateDetail> => {
      const body = {
        orgId: v.orgId,
        name: v.name.trim(),
        gender: v.gender,
        birthDate: isoDate(v.birthDate)!,
        applicationDate: isoDate(v.applicationDate)!,
        ...(v.ethnicity?.trim() ? { ethnicity: v.ethnicity.trim() } : {}),
        ...(v.education?.trim() ? { education: v.education.trim() } : {}),
        ...(v.occupation?.trim() ? { occupation: v.occupation.trim() } : {}),
        ...(v.workUnit?.trim() ? { workUnit: v.workUnit.trim() } : {}),
        frontline: !!v.frontline,
        highKnowledge: !!v.highKnowledge,
        ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
        ...(v.removed && v.priorRemoval?.on
          ? { priorRemoval: { kind: v.priorRemoval.kind, on: isoDate(v.priorRemoval.on)! } }
          : {}),
      };
      const answer = await api.POST('/api/candidates', {
        params: { header: { 'Idempotency-Key': key.current } },
        body,
      });
      try {
        return (await ok(Promise.resolve(answer))) as CandidateDetail;
      } catch (err) {
        key.current = newKey();
        const error = answer.error as { code?: string; holder?: Holder } | undefined;
        if (answer.response.status === 409 && error?.code === 'DUPLICATE_APPLICANT')
          throw new Duplicate(err, error.holder);
        throw err;
      }
    },
    onSuccess: (detail) => {
      refresh(detail);
      void message.success(`已登记 ${detail.name} 的入党申请`);
      navigate(`/candidates/${detail.id}`);
    },
    onError: (err) => {
      if (err instanceof Duplicate) {
        placeProblems(form, err.original);
        setDuplicate({ message: (err.original as Error).message, holder: err.holder });
        setProblems([]);
      } else {
        setDuplicate(undefined);
        setProblems(placeProblems(form, err));
      }
    },
  });

  return (
    <div>
      <Typography.Title level={2}>新建入党申请</Typography.Title>
      <Card style={{ maxWidth: 960 }}>
        {duplicate && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title="重复申请：该身份证号码已有一份正在办理的发展材料"
            description={
              duplicate.holder ? (
                <>
                  办理组织：{duplicate.holder.orgName}。
                  <Link to={`/candidates/${duplicate.holder.candidateId}`}>查看已有的发展材料</Link>
                </>
              ) : (
                duplicate.message
              )
            }
          />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            gender: 'male',
            applicationDate: dayjs(),
            frontline: false,
            highKnowledge: false,
            removed: false,
            priorRemoval: { kind: 'persuaded' },
          }}
          onFinish={(v) => {
            setProblems([]);
            setDuplicate(undefined);
            mutation.mutate(v);
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="orgId" label="所在党支部" rules={[{ required: true, message: '请选择所在党支部' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={orgsLoading}
                  placeholder="选择接收申请的党支部"
                  options={branches.map((b) => ({ value: b.id, label: b.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                <Radio.Group
                  options={[
                    { value: 'male', label: '男' },
                    { value: 'female', label: '女' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="birthDate" label="出生日期" rules={[{ required: true, message: '请选择出生日期' }]}>
                <DateInput />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                name="applicationDate"
                label="申请日期"
                extra="收到入党申请书的日期"
                rules={[{ required: true, message: '请选择申请日期' }]}
              >
                <DateInput />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="ethnicity" label="民族">
                <AutoComplete options={ETHNICITY} placeholder="如：汉族" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="education" label="学历">
                <AutoComplete options={EDUCATION} placeholder="如：大学本科" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item name="occupation" label="职业">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="workUnit" label="工作单位">
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="frontline" label="一线" valuePropName="checked">
                <Checkbox>是</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="highKnowledge" label="高知识群体" valuePropName="checked">
                <Checkbox>是</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="idNumber"
                label="身份证号码"
                extra="用于查重；只保存脱敏号码（如 3301**********1234）"
                rules={[
                  {
                    pattern: /^(\d{17}[\dXx]|\d{15})$/,
                    message: '身份证号码应为 18 位（末位可为 X）或 15 位数字',
                  },
                ]}
              >
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="removed" label="既往处置" valuePropName="checked">
                <Checkbox>曾被劝退或除名（五年内不得重新申请）</Checkbox>
              </Form.Item>
            </Col>
            {removed && (
              <>
                <Col xs={24} sm={12}>
                  <Form.Item name={['priorRemoval', 'kind']} label="处置方式">
                    <Radio.Group
                      options={[
                        { value: 'persuaded', label: '劝退' },
                        { value: 'removed', label: '除名' },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name={['priorRemoval', 'on']}
                    label="劝退或除名日期"
                    rules={[{ required: true, message: '请选择劝退或除名日期' }]}
                  >
                    <DateInput />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          <FormProblems problems={problems} />
          <Space>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              提交
            </Button>
            <Button onClick={() => navigate(-1)}>取消</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

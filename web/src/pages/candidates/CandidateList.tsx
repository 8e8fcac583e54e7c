import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Col, Flex, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { api, ok } from '../../api/client';
import { useSession } from '../../auth/session';
import { DownloadButton, ImportButton } from '../../common/file-actions';
import { dateZh, STAGE_ZH } from '../../common/format';
import { OrgSelect } from '../../common/pickers';
import { useOrganizations, useRefreshAfterWrite, type Candidate } from './data';
import { GENDER_ZH, PIPELINE, CLOSED, STAGE_TONE, type Stage } from './labels';
import { StatusTag } from './StatusTag';

type Filters = {
  orgId?: string;
  stage?: Stage;
  deferred?: 'true' | 'false';
  q?: string;
  idNumber?: string;
};

const FILTER_KEYS = ['orgId', 'stage', 'deferred', 'q', 'idNumber'] as const;

/** 发展对象管理: everyone in the caller's scope, filtered and searched, newest first, page by page. */
export default function CandidateList() {
  const { atLeast } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const { organizations, byId } = useOrganizations();

  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) (filters as Record<string, string>)[k] = v;
  }
  const page = Number(params.get('page') ?? 1) || 1;
  const limit = Number(params.get('limit') ?? 20) || 20;

  useEffect(() => {
    form.setFieldsValue({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])), ...filters });
    // The form follows the address (back/forward, a link from the workbench).
  }, [params.toString()]);

  const list = useQuery({
    queryKey: ['candidates', 'list', filters, page, limit],
    queryFn: () => ok(api.GET('/api/candidates', { params: { query: { ...filters, page, limit } } })),
    placeholderData: keepPreviousData,
  });

  const apply = (values: Filters) => {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = values[k]?.toString().trim();
      if (v) next.set(k, k === 'idNumber' ? v.toUpperCase() : v);
    }
    if (limit !== 20) next.set('limit', String(limit));
    setParams(next);
  };

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          发展对象管理
        </Typography.Title>
        <Space wrap>
          {atLeast('branch') && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/candidates/new')}>
                新建入党申请
              </Button>
              <Button icon={<TeamOutlined />} onClick={() => navigate('/candidates/batch')}>
                批量办理
              </Button>
              <ImportApplicants listOrgId={filters.orgId} />
            </>
          )}
          <DownloadButton path="/api/candidates/export.xlsx" query={filters}>
            导出 Excel
          </DownloadButton>
        </Space>
      </Flex>

      <Form form={form} layout="vertical" onFinish={apply} role="search" aria-label="筛选人员">
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={8} xl={5}>
            <Form.Item name="orgId" label="组织">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder="全部"
                options={organizations.map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={4} xl={3}>
            <Form.Item name="stage" label="阶段">
              <Select
                allowClear
                placeholder="全部"
                options={[...PIPELINE, ...CLOSED].map((s) => ({ value: s, label: STAGE_ZH[s] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={4} xl={3}>
            <Form.Item name="deferred" label="暂缓发展">
              <Select
                allowClear
                placeholder="全部"
                options={[
                  { value: 'true', label: '暂缓中' },
                  { value: 'false', label: '未暂缓' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} lg={8} xl={4}>
            <Form.Item name="q" label="姓名">
              <Input allowClear placeholder="姓名关键字" maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} lg={12} xl={5}>
            <Form.Item name="idNumber" label="身份证号码">
              <Input allowClear placeholder="完整号码" maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12} xl={4}>
            <Form.Item label=" " colon={false}>
              <Space>
                <Button type="primary" htmlType="submit">
                  查询
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    setParams(new URLSearchParams());
                  }}
                >
                  重置
                </Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>

      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<Candidate>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        locale={{ emptyText: '没有符合条件的人员' }}
        pagination={{
          current: page,
          pageSize: limit,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 人`,
          onChange: (p, size) => {
            const next = new URLSearchParams(params);
            next.set('page', String(size !== limit ? 1 : p));
            if (size !== 20) next.set('limit', String(size));
            else next.delete('limit');
            setParams(next);
          },
        }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/candidates/${c.id}`}>{name}</Link>,
          },
          { title: '性别', dataIndex: 'gender', width: 64, render: (g: string) => GENDER_ZH[g] },
          {
            title: '阶段',
            dataIndex: 'stage',
            render: (s: Stage, c) => (
              <Space size={4} wrap>
                <StatusTag tone={STAGE_TONE[s]}>{STAGE_ZH[s]}</StatusTag>
                {c.deferred && <StatusTag tone="orange">暂缓</StatusTag>}
                {c.openComplaints > 0 && <StatusTag tone="red">有举报</StatusTag>}
              </Space>
            ),
          },
          { title: '所在党支部', dataIndex: 'orgId', render: (id: string) => byId.get(id)?.name ?? '—' },
          { title: '工作单位', dataIndex: 'workUnit', render: (w: string | null) => w ?? '—' },
          { title: '申请日期', dataIndex: 'applicationDate', width: 140, render: (d: string) => dateZh(d) },
        ]}
      />
    </div>
  );
}

/** 导入申请人 (SPEC §15) into one branch: the list's organization when it is a branch, else the caller's only one. */
function ImportApplicants({ listOrgId }: { listOrgId?: string }) {
  const { branches } = useOrganizations();
  const refresh = useRefreshAfterWrite();
  const [chosen, setChosen] = useState<string>();
  const orgId =
    chosen ??
    (branches.some((b) => b.id === listOrgId) ? listOrgId : branches.length === 1 ? branches[0].id : undefined);
  return (
    <ImportButton
      label="导入申请人"
      path="/api/candidates/import"
      query={{ orgId }}
      ready={!!orgId}
      template="/api/templates/candidates.xlsx"
      onImported={() => refresh()}
    >
      <Form layout="vertical" component="div">
        <Form.Item label="导入到党支部" htmlFor="import-orgId" required>
          <OrgSelect id="import-orgId" kinds={['branch']} value={orgId} onChange={setChosen} placeholder="选择党支部" />
        </Form.Item>
      </Form>
    </ImportButton>
  );
}

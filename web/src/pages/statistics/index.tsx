import { STAGE_ZH } from '../../common/format';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Flex, Row, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { DownloadButton } from '../../common/file-actions';
import { errorText, OrgSelect, AreaGate } from '../../common/pickers';
import { EChart, type ChartOption } from './EChart';

type Funnel = Schemas['FunnelReport'];
type Structure = Schemas['StructureReport'];

const PIPELINE = ['applicant', 'activist', 'development_object', 'probationary', 'full_member'] as const;
const CLOSED = ['rejected', 'withdrawn', 'cancelled', 'transferred'] as const;
const FLOW: { key: keyof Funnel['flow']; label: string }[] = [
  { key: 'applications', label: '递交入党申请' },
  { key: 'activists', label: '确定为积极分子' },
  { key: 'developmentObjects', label: '列为发展对象' },
  { key: 'probationary', label: '接收为预备党员' },
  { key: 'fullMembers', label: '转为正式党员' },
  { key: 'rejected', label: '不予发展' },
  { key: 'withdrawn', label: '退出' },
  { key: 'cancelled', label: '取消预备党员资格' },
  { key: 'transferred', label: '移交有关部门' },
];
const GROUPS: { key: Exclude<keyof Structure, 'orgId' | 'year' | 'total'>; label: string }[] = [
  { key: 'under35', label: '35岁以下' },
  { key: 'women', label: '女性' },
  { key: 'minorities', label: '少数民族' },
  { key: 'frontline', label: '生产工作一线' },
  { key: 'highKnowledge', label: '高知识群体' },
];
const PALETTE = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9'];
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** SPEC §11: the funnel (stages now, steps taken in the year) and the structure of new members, as charts. */
export default function StatisticsArea() {
  const [year, setYear] = useState<Dayjs>(dayjs());
  const [orgId, setOrgId] = useState<string>();
  const y = year.year();
  const funnel = useQuery({
    queryKey: ['reports', 'funnel', { orgId, year: y }],
    queryFn: () => ok(api.GET('/api/reports/funnel', { params: { query: { orgId, year: y } } })),
  });
  const structure = useQuery({
    queryKey: ['reports', 'structure', { orgId, year: y }],
    queryFn: () => ok(api.GET('/api/reports/structure', { params: { query: { orgId, year: y } } })),
  });
  return (
    <AreaGate area="/statistics">
      <Typography.Title level={2}>统计</Typography.Title>
      <Flex gap={12} wrap style={{ marginBottom: 16 }} className="no-print">
        <DatePicker
          picker="year"
          aria-label="年度"
          allowClear={false}
          value={year}
          onChange={(v) => v && setYear(v)}
          format="YYYY年"
        />
        <OrgSelect
          aria-label="组织"
          allowClear
          placeholder="本级及全部下级组织"
          value={orgId}
          onChange={setOrgId}
          style={{ width: 260 }}
        />
        <DownloadButton path="/api/reports/funnel" query={{ orgId, year: y, format: 'xlsx' }}>
          导出流程统计 Excel
        </DownloadButton>
        <DownloadButton path="/api/reports/structure" query={{ orgId, year: y, format: 'xlsx' }}>
          导出结构统计 Excel
        </DownloadButton>
      </Flex>
      {(funnel.error || structure.error) && (
        <Alert type="error" showIcon title={errorText(funnel.error ?? structure.error)} style={{ marginBottom: 16 }} />
      )}
      <Typography.Title level={3}>发展党员流程统计</Typography.Title>
      {funnel.isLoading ? <Spin /> : funnel.data && <FunnelReport report={funnel.data} />}
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        {y}年新发展党员结构
      </Typography.Title>
      {structure.isLoading ? <Spin /> : structure.data && <StructureReport report={structure.data} />}
    </AreaGate>
  );
}

function FunnelReport({ report }: { report: Funnel }) {
  const stageOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人' },
      color: PALETTE,
      series: [
        {
          type: 'funnel',
          name: '现有人数',
          sort: 'none',
          minSize: '20%',
          left: '10%',
          width: '80%',
          gap: 2,
          label: { show: true, position: 'inside', formatter: '{b}\n{c} 人', color: '#fff' },
          data: PIPELINE.map((s) => ({ name: STAGE_ZH[s], value: report.current[s] })),
        },
      ],
    }),
    [report],
  );
  const flowOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: FLOW.map((f) => f.label) },
      series: [
        {
          type: 'bar',
          name: `${report.year}年人数`,
          data: FLOW.map((f, i) => ({
            value: report.flow[f.key],
            itemStyle: { color: i < 5 ? PALETTE[i] : '#95a5a6' },
          })),
          label: { show: true, position: 'right', formatter: '{c}' },
          barMaxWidth: 24,
        },
      ],
    }),
    [report],
  );
  const closedTotal = CLOSED.reduce((n, s) => n + report.current[s], 0);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title="各阶段现有人数">
          <EChart
            option={stageOption}
            label={`各阶段现有人数：${PIPELINE.map((s) => `${STAGE_ZH[s]}${report.current[s]}人`).join('，')}`}
          />
          <Typography.Text type="secondary">
            已终止 {closedTotal} 人（{CLOSED.map((s) => `${STAGE_ZH[s]} ${report.current[s]}`).join('，')}）
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={`${report.year}年度各环节人数`}>
          <EChart
            option={flowOption}
            label={`${report.year}年度各环节人数：${FLOW.map((f) => `${f.label}${report.flow[f.key]}人`).join('，')}`}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 700 }}
          dataSource={[
            {
              key: 'current',
              what: '现有人数',
              ...Object.fromEntries(PIPELINE.map((s) => [s, report.current[s]])),
              closed: closedTotal,
            },
            {
              key: 'flow',
              what: `${report.year}年度`,
              applicant: report.flow.applications,
              activist: report.flow.activists,
              development_object: report.flow.developmentObjects,
              probationary: report.flow.probationary,
              full_member: report.flow.fullMembers,
              closed: report.flow.rejected + report.flow.withdrawn + report.flow.cancelled + report.flow.transferred,
            },
          ]}
          columns={[
            { title: '口径', dataIndex: 'what' },
            ...PIPELINE.map((s) => ({ title: STAGE_ZH[s], dataIndex: s, align: 'right' as const })),
            { title: '已终止', dataIndex: 'closed', align: 'right' as const },
          ]}
        />
      </Col>
    </Row>
  );
}

function StructureReport({ report }: { report: Structure }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => `${Number(v).toFixed(1)}%`,
      },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: GROUPS.map((g) => g.label), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: '占比',
          barMaxWidth: 48,
          data: GROUPS.map((g, i) => ({
            value: Number((report[g.key].share * 100).toFixed(1)),
            itemStyle: { color: PALETTE[i] },
            label: { formatter: `${report[g.key].count}人 ${percent(report[g.key].share)}` },
          })),
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [report],
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card title="各群体占比">
          {report.total === 0 ? (
            <Typography.Paragraph type="secondary">{report.year}年尚无接收的预备党员。</Typography.Paragraph>
          ) : null}
          <EChart
            option={option}
            label={`${report.year}年新发展党员${report.total}人，${GROUPS.map((g) => `${g.label}${report[g.key].count}人，占${percent(report[g.key].share)}`).join('；')}`}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card>
          <Statistic title={`${report.year}年接收预备党员`} value={report.total} suffix="人" />
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            style={{ marginTop: 16 }}
            dataSource={GROUPS.map((g) => ({ key: g.key, label: g.label, ...report[g.key] }))}
            columns={[
              { title: '群体', dataIndex: 'label' },
              { title: '人数', dataIndex: 'count', align: 'right' },
              { title: '占比', dataIndex: 'share', align: 'right', render: percent },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

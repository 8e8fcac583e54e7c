import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Table, Typography, Upload } from 'antd';
import type { ButtonProps } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { download, importProblems, upload, type ImportProblem, type Query } from './files';
import { errorText } from './pickers';

// The console's file buttons (SPEC §15): download a spreadsheet or a document; import a spreadsheet.

/** A button that downloads a file from the service (an export, a template, a document); not printed. */
export function DownloadButton({
  path,
  query,
  children,
  type,
  size,
  'aria-label': ariaLabel,
}: {
  path: string;
  query?: Query;
  children: ReactNode;
  type?: ButtonProps['type'];
  size?: ButtonProps['size'];
  'aria-label'?: string;
}) {
  const { message } = App.useApp();
  const get = useMutation({
    mutationFn: () => download(path, query),
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Button
      className="no-print"
      type={type}
      size={size}
      aria-label={ariaLabel}
      icon={<DownloadOutlined />}
      loading={get.isPending}
      onClick={() => get.mutate()}
    >
      {children}
    </Button>
  );
}

interface DryRun {
  rows: number;
  valid: number;
  errors: ImportProblem[];
}

/** What the last check (or a refused import) found, for the file and destination it was run on. */
interface Outcome {
  file: File;
  query: string;
  clean: boolean;
  summary: string;
  problems: ImportProblem[];
}

interface ImportProps {
  /** The button's and the dialog's title: 导入党员. */
  label: string;
  /** The import endpoint (it takes `?dryRun=true` for the check). */
  path: string;
  query?: Query;
  /** The template's download path. */
  template: string;
  /** The fields in `children` are filled in. */
  ready?: boolean;
  children?: ReactNode;
  onImported: () => void;
}

/**
 * An import (SPEC §15) behind a button: choose a file, 检查 (the dry run lists every problem by
 * row and column), then 导入 — offered only after a clean check of the same file into the same
 * place, and all or nothing. `children` are fields above the file (e.g. the branch).
 */
export function ImportButton(props: ImportProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button className="no-print" icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      {open && (
        <ImportDialog
          {...props}
          onClose={() => setOpen(false)}
          onImported={() => {
            setOpen(false);
            props.onImported();
          }}
        />
      )}
    </>
  );
}

function ImportDialog({
  label,
  path,
  query = {},
  template,
  ready = true,
  children,
  onClose,
  onImported,
}: ImportProps & { onClose: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [failure, setFailure] = useState<string>();
  const destination = JSON.stringify(query);
  const current = outcome && outcome.file === file && outcome.query === destination ? outcome : undefined;

  /** A refusal that lists rows is shown as problems; anything else as one line. */
  const refused = (err: unknown, f: File) => {
    if (err instanceof ApiError && err.errors.length) {
      setOutcome({ file: f, query: destination, clean: false, summary: err.message, problems: importProblems(err) });
    } else {
      setOutcome(undefined);
      setFailure(errorText(err));
    }
  };
  const check = useMutation({
    mutationFn: (f: File) => upload<DryRun>(path, f, { ...query, dryRun: true }),
    onMutate: () => setFailure(undefined),
    onSuccess: (report, f) => {
      const clean = report.errors.length === 0;
      setOutcome({
        file: f,
        query: destination,
        clean,
        summary: clean
          ? `检查通过：共 ${report.rows} 行，均可导入`
          : `共 ${report.rows} 行，其中 ${report.valid} 行无误；发现 ${report.errors.length} 处问题，请修改文件后重新检查`,
        problems: report.errors,
      });
    },
    onError: refused,
  });
  const commit = useMutation({
    mutationFn: (f: File) => upload<{ rows: number; imported: number }>(path, f, query),
    onMutate: () => setFailure(undefined),
    onSuccess: (answer) => {
      void message.success(`已导入 ${answer.imported} 行`);
      onImported();
    },
    onError: refused,
  });

  return (
    <Modal
      open
      title={label}
      width={720}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button
          key="check"
          disabled={!file || !ready}
          loading={check.isPending}
          onClick={() => file && check.mutate(file)}
        >
          检查
        </Button>,
        <Button
          key="import"
          type="primary"
          disabled={!file || !current?.clean}
          loading={commit.isPending}
          onClick={() => file && commit.mutate(file)}
        >
          导入
        </Button>,
      ]}
    >
      {children}
      <Typography.Paragraph>
        按模板填写，第一行为列名；支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码），每次至多 10,000
        行。先检查，无误后导入；任何一行不符合要求，全部不导入。
      </Typography.Paragraph>
      <Typography.Paragraph>
        <DownloadButton path={template} type="link" size="small">
          下载导入模板
        </DownloadButton>
      </Typography.Paragraph>
      <Upload
        accept=".xlsx,.csv"
        maxCount={1}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        beforeUpload={(f) => {
          setFile(f);
          setFailure(undefined);
          return false;
        }}
        onRemove={() => setFile(undefined)}
      >
        <Button icon={<UploadOutlined />}>选择文件</Button>
      </Upload>
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 16 }} />}
      {current && <Problems outcome={current} />}
    </Modal>
  );
}

/** The check's verdict and, row by row, what is wrong. */
function Problems({ outcome }: { outcome: Outcome }) {
  const rows = outcome.problems
    .map((p, key) => ({ ...p, key }))
    .sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
  return (
    <>
      <Alert
        type={outcome.clean ? 'success' : 'error'}
        showIcon
        role={outcome.clean ? 'status' : 'alert'}
        title={outcome.summary}
        style={{ margin: '16px 0 12px' }}
      />
      {rows.length > 0 && (
        <Table
          size="small"
          caption="检查发现的问题"
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          columns={[
            { title: '行', dataIndex: 'row', width: 64 },
            { title: '列', dataIndex: 'column', width: 140, render: (c: string | null) => c ?? '—' },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      )}
    </>
  );
}

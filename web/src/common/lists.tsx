import { useState, type ReactNode } from 'react';
import { Flex, Table } from 'antd';
import type { TableProps } from 'antd';
import { OrgSelect } from './pickers';

// The areas' server-paginated lists: one page size, one table, one filter bar, one organization filter.

/** Rows a list page asks the service for, and shows. */
export const PAGE_SIZE = 20;

/** A list filter's state (beside `const [page, setPage] = useState(1)`): setting it goes back to page 1. */
export function useFilter<T>(initial: T, setPage: (page: number) => void) {
  const [value, setValue] = useState<T>(initial);
  const set = (next: T) => {
    setValue(next);
    setPage(1);
  };
  return [value, set] as const;
}

/** A page of a list as the service answers it (the `items` and `total` of a paginated GET). */
interface PagedQuery<T> {
  isLoading: boolean;
  data: { items: T[]; total: number } | undefined;
}

/**
 * A table over one page of a server-paginated list: `page` is the page shown, `onPage` asks for
 * another, `unit` counts the total (`共 12 条`).
 */
export function PagedTable<T extends { id: string }>({
  list,
  page,
  onPage,
  unit,
  ...table
}: {
  list: PagedQuery<T>;
  page: number;
  onPage: (page: number) => void;
  unit: string;
} & Omit<TableProps<T>, 'rowKey' | 'loading' | 'dataSource' | 'pagination'>) {
  return (
    <Table<T>
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items}
      pagination={{
        current: page,
        total: list.data?.total,
        pageSize: PAGE_SIZE,
        onChange: onPage,
        showSizeChanger: false,
        showTotal: (t) => `共 ${t} ${unit}`,
      }}
      {...table}
    />
  );
}

/** The filters above a list; not printed. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Flex gap={12} wrap style={{ marginBottom: 16 }} className="no-print">
      {children}
    </Flex>
  );
}

/** Narrows a list to an organization (and its subtree); cleared, all organizations in scope. */
export function OrgFilter({ value, onChange }: { value?: string; onChange: (value: string | undefined) => void }) {
  return (
    <OrgSelect
      aria-label="组织"
      allowClear
      placeholder="全部组织"
      value={value}
      onChange={onChange}
      style={{ width: 240 }}
    />
  );
}

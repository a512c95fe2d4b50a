import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';

export interface SortState {
  /** `field` or `-field`. */
  value: string | undefined;
  onChange: (next: string | undefined) => void;
  /** Column ids that may be sorted by the server. */
  sortable: (id: string) => boolean;
}

/**
 * A table over one server page: TanStack Table lays out the columns; sorting and paging happen on the server
 * (manual), so the same table works over a million rows.
 */
export function DataTable<T>(props: { columns: ColumnDef<T, unknown>[]; data: T[]; caption: string; sort?: SortState; rowKey?: (row: T) => string; empty?: ReactNode }) {
  const table = useReactTable({
    data: props.data,
    columns: props.columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    ...(props.rowKey ? { getRowId: props.rowKey } : {}),
  });
  const sort = props.sort;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data">
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const id = h.column.id;
                const label = flexRender(h.column.columnDef.header, h.getContext());
                const dir = sort?.value === id ? 'ascending' : sort?.value === `-${id}` ? 'descending' : undefined;
                return (
                  <th key={h.id} scope="col" aria-sort={dir ?? 'none'} className={(h.column.columnDef.meta as { className?: string } | undefined)?.className}>
                    {sort?.sortable(id) ? (
                      <button type="button" className="sort-button" onClick={() => sort.onChange(dir === 'ascending' ? `-${id}` : dir === 'descending' ? undefined : id)}>
                        {label}
                        <span aria-hidden="true">{dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'}</span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={(cell.column.columnDef.meta as { className?: string } | undefined)?.className}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {props.data.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="wrap muted">{props.empty ?? 'No rows.'}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** Cursor pagination: the cursors walked so far travel in the URL (trail), so Previous works from a shared link. */
export function CursorPager(props: { count: number; hasPrev: boolean; nextCursor: string | null | undefined; onPrev: () => void; onNext: (cursor: string) => void; label?: string }) {
  return (
    <nav className="pager" aria-label={props.label ?? 'Pages'}>
      <span className="muted small">{props.count} row{props.count === 1 ? '' : 's'} on this page</span>
      <button type="button" className="btn btn-small" disabled={!props.hasPrev} onClick={props.onPrev}>
        Previous
      </button>
      <button type="button" className="btn btn-small" disabled={!props.nextCursor} onClick={() => props.nextCursor && props.onNext(props.nextCursor)}>
        Next
      </button>
    </nav>
  );
}

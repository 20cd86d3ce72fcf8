import { Alert, Button, Flex, Spin, type ResultProps } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';

export function PageSpinner() {
  return (
    <Flex align="center" justify="center" className="page-spinner">
      <Spin size="large" />
    </Flex>
  );
}

const Result = lazy(() => import('antd/es/result'));

/** antd's Result, loaded when a page shows one: it brings three large illustrations no page needs otherwise. */
export function PageResult(props: ResultProps) {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Result {...props} />
    </Suspense>
  );
}

type QueryLike = { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };

/** Shows a spinner while a query loads and its error with a retry button, else the children. */
export function QueryState({ query, children }: { query: QueryLike; children: () => ReactNode }) {
  const { t } = useTranslation();
  if (query.isError) {
    const { title, detail } = describeError(query.error);
    return (
      <Alert
        type="error"
        showIcon
        title={title}
        description={detail}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (query.isPending) return <PageSpinner />;
  return children();
}

/** The "load more" button under a cursor-paginated table. */
export function LoadMore({
  list: { hasNextPage, isFetchingNextPage, fetchNextPage },
}: {
  /** A cursor list (useCursorList, useInfiniteQuery). */
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useTranslation();
  if (!hasNextPage) return null;
  return (
    <Flex justify="center" className="load-more">
      <Button loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </Flex>
  );
}

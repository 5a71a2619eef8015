import type { PageProps } from '../../routes.tsx';
import { AssignmentPage } from './assignment.tsx';
import { AssignmentList } from './list.tsx';
import '../library/library.css';
import './assignments.css';

/** The teacher's assignments (/assignments: list and create; /assignments/:code: live progress, reports). */
export default function Page({ params, query }: PageProps) {
  return params.code ? <AssignmentPage code={params.code.toUpperCase()} /> : <AssignmentList preselect={query.get('set')} />;
}

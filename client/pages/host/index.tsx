import type { PageProps } from '../../routes.tsx';
import { HostRoom } from './room.tsx';
import { HostSetup } from './setup.tsx';
import './host.css';

/** /host sets a game up; /host/CODE runs it on the projector (and resumes it after a reload). */
export default function HostPage({ params, query }: PageProps) {
  // /host?set=<id> comes from the library's "play this set": the set-up opens with it chosen.
  return params.code ? <HostRoom code={params.code} /> : <HostSetup initialSetId={query.get('set')} />;
}

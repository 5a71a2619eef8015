import type { PageProps } from '../../routes.tsx';
import { HostRoom } from './room.tsx';
import { HostSetup } from './setup.tsx';
import { ContestRoomSetup } from './contest-setup.tsx';
import './host.css';

/** /host sets a game up; /host/CODE runs it on the projector (and resumes it after a reload). */
export default function HostPage({ params, query }: PageProps) {
  // /host?set=<id> comes from the library's "play this set": the set-up opens with it chosen.
  if (params.code) return <HostRoom code={params.code} />;
  // /host?contest=<roomKey> is the link a contest's organizer hands out: it opens that room of the contest.
  const roomKey = query.get('contest');
  return roomKey ? <ContestRoomSetup roomKey={roomKey} /> : <HostSetup initialSetId={query.get('set')} />;
}

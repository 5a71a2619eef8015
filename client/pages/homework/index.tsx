import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HomeworkInfo, HomeworkItemView, HomeworkProgress, HomeworkSession } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { ConnectionBanner } from '../../components/connection-banner/index.tsx';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { deviceStorage } from '../../device-storage.ts';
import { type HomeworkConnection, createHomeworkConnection } from '../../homework/homework-connection.ts';
import { forgetHomework, readHomework, saveHomework } from '../../homework/homework-storage.ts';
import type { ClientError } from '../../room/room-connection.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { Paused, Work } from './work.tsx';
import { Welcome } from './welcome.tsx';
import '../play/play.css';
import './homework.css';

/** An assignment code as in its link: 8 characters of the room-code alphabet (a copy of the protocol's, which would bring zod). */
const CODE = /^[A-Z0-9]{8}$/;

/** A student's state once started or resumed: what the page shows and what it sends with every request. */
export interface Student {
  token: string;
  resumeCode: string;
  name: string;
  studentNumber: string | null;
  progress: HomeworkProgress;
  /** The item on screen. */
  view: HomeworkItemView;
}

function fromSession(session: HomeworkSession, resumeCode: string): Student {
  return {
    token: session.token,
    resumeCode: session.resumeCode || resumeCode,
    name: session.name,
    studentNumber: session.studentNumber,
    progress: session.progress,
    view: session.item,
  };
}

function Notice({ title, body }: { title: string; body: string }) {
  const { t } = useI18n();
  return (
    <section class="card play-notice">
      <h1>{title}</h1>
      <p>{body}</p>
      <a class="button button--wide" href="/">
        {t('notFound.home')}
      </a>
    </section>
  );
}

function Screens({ connection, code }: { connection: HomeworkConnection; code: string }) {
  const { t } = useI18n();
  const storage = useMemo(() => deviceStorage(), []);
  const [info, setInfo] = useState<HomeworkInfo | null>(null);
  const [openError, setOpenError] = useState<ClientError | null>(null);
  const [student, setStudent] = useState<Student | null>(null);
  /** Coming back with the token kept on this device: the welcome waits for it. */
  const [resuming, setResuming] = useState(() => readHomework(storage, code) !== null);
  const [resumeError, setResumeError] = useState<ClientError | null>(null);
  const [paused, setPaused] = useState(false);
  /** Right after the start: the resume code is shown big, to be written down. */
  const [newCode, setNewCode] = useState(false);
  const online = connection.status.value === 'online';
  const reconnects = connection.reconnects.value;
  const studentRef = useRef(student);
  studentRef.current = student;
  useDocumentTitle(info ? t('homework.title', { title: info.title }) : t('homework.titlePlain'));

  const adopt = (session: HomeworkSession, resumeCode = '') => {
    const next = fromSession(session, resumeCode || readHomework(storage, code)?.resumeCode || '');
    saveHomework(storage, code, { token: next.token, resumeCode: next.resumeCode, name: next.name });
    setInfo(session.info);
    setStudent(next);
    setResumeError(null);
  };

  // On every (re)connection: the assignment, then the student's place in it (the token kept here), or
  // the item on screen again (an answer from another device may have moved it on).
  useEffect(() => {
    if (!online) return;
    let live = true;
    void (async () => {
      const current = studentRef.current;
      if (current) {
        const again = await connection.request('homework:resume', { code, token: current.token });
        if (!live || !again.ok) return;
        const view = again.data.item.item === current.view.item ? again.data.item : await itemOr(current.view.item, again.data.item);
        if (live) setStudent({ ...fromSession(again.data, current.resumeCode), view });
        if (live) setInfo(again.data.info);
        return;
      }
      const opened = await connection.request('homework:open', { code });
      if (!live) return;
      if (!opened.ok) {
        setOpenError(opened.error);
        setResuming(false);
        return;
      }
      setOpenError(null);
      setInfo(opened.data);
      const saved = readHomework(storage, code);
      if (!saved) {
        setResuming(false);
        return;
      }
      const resumed = await connection.request('homework:resume', { code, token: saved.token });
      if (!live) return;
      if (resumed.ok) adopt(resumed.data, saved.resumeCode);
      else if (resumed.error.code === 'invalid_token' || resumed.error.code === 'assignment_not_found') forgetHomework(storage, code);
      else setResumeError(resumed.error);
      setResuming(false);
    })();
    return () => {
      live = false;
    };

    async function itemOr(item: number, fallback: HomeworkItemView): Promise<HomeworkItemView> {
      const got = await connection.request('homework:item', { code, token: studentRef.current!.token, item });
      return got.ok ? got.data : fallback;
    }
  }, [online, reconnects]);

  // Before the opening: ask again when it opens (by the server's clock), so the page opens by itself.
  useEffect(() => {
    if (!info || info.window !== 'not-open') return;
    const wait = Math.min(Math.max(1000, info.opensAt - info.serverNow + 500), 2 ** 31 - 1);
    const timer = setTimeout(async () => {
      const opened = await connection.request('homework:open', { code });
      if (opened.ok) setInfo(opened.data);
    }, wait);
    return () => clearTimeout(timer);
  }, [info]);

  let content;
  if (openError && !info) {
    content =
      openError.code === 'assignment_not_found' ? (
        <Notice title={t('homework.notFound.title')} body={t('error.assignment_not_found')} />
      ) : (
        <section class="card play-notice">
          <h1>{t('homework.titlePlain')}</h1>
          <ErrorNote error={openError} />
          <button type="button" class="button button--wide" onClick={connection.reconnectNow}>
            {t('app.retry')}
          </button>
        </section>
      );
  } else if (!info || resuming) {
    content = (
      <p class="play-connecting" role="status">
        {resuming ? t('homework.resuming') : t('app.loading')}
      </p>
    );
  } else if (!student) {
    content = (
      <Welcome
        connection={connection}
        info={info}
        error={resumeError}
        onSession={(session, resumeCode, started) => {
          adopt(session, resumeCode);
          setNewCode(started);
          setPaused(false);
        }}
      />
    );
  } else if (paused) {
    content = (
      <Paused
        info={info}
        student={student}
        onContinue={() => setPaused(false)}
        onSignOut={() => {
          forgetHomework(storage, code);
          setStudent(null);
          setPaused(false);
        }}
      />
    );
  } else {
    content = (
      <Work
        connection={connection}
        code={code}
        info={info}
        student={student}
        newCode={newCode}
        onCodeNoted={() => setNewCode(false)}
        onChange={(change) => setStudent((current) => (current ? { ...current, ...change } : current))}
        onInfo={setInfo}
        onStop={() => setPaused(true)}
      />
    );
  }

  return (
    <div class="play homework">
      <ConnectionBanner status={connection.status.value} onRetry={connection.reconnectNow} />
      {content}
    </div>
  );
}

/** A student doing homework (/hw/:code), on a phone. */
export default function HomeworkPage({ params }: PageProps) {
  const { t } = useI18n();
  const code = (params.code ?? '').trim().toUpperCase();
  const valid = CODE.test(code);
  const connection = useMemo(() => (valid ? createHomeworkConnection() : null), [code, valid]);
  useEffect(() => () => connection?.dispose(), [connection]);
  if (!connection) {
    return (
      <div class="play homework">
        <Notice title={t('homework.notFound.title')} body={t('error.assignment_not_found')} />
      </div>
    );
  }
  return <Screens connection={connection} code={code} />;
}

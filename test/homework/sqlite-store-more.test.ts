/** More of the homework store's contract (homework-store-suite.ts: orders, touches, step answers, races) against SQLite in memory; Redis runs it in test/cluster. */
import { memoryHomeworkStore } from '../../server/homework/sqlite-homework-store.ts';
import { homeworkStoreSuite } from './homework-store-suite.ts';

homeworkStoreSuite('the homework store in memory, more of its contract', async () => {
  const store = memoryHomeworkStore();
  return { store, close: async () => store.close() };
});

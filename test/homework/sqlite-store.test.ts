import { memoryHomeworkStore } from '../../server/homework/sqlite-homework-store.ts';
import { homeworkStoreSuite } from './homework-store-suite.ts';

homeworkStoreSuite('SQLite homework store (memory)', async () => {
  const store = memoryHomeworkStore();
  return { store, close: async () => store.close() };
});

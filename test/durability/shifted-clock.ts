/**
 * Preloaded into a child server by child-server.ts (`clockShiftMs`): the server's clock reads
 * that much ahead of the machine's, as if the process had started that much later. A test
 * that needs time to pass while no server runs moves the next server's clock instead of waiting.
 * Only Date.now is moved: the server reads its clock through it (server/room/clock.ts).
 */
const shift = Number(process.env.TEST_CLOCK_SHIFT_MS ?? '0');
if (!Number.isFinite(shift)) throw new Error(`TEST_CLOCK_SHIFT_MS is not a number: ${process.env.TEST_CLOCK_SHIFT_MS}`);
if (shift !== 0) {
  const machineNow = Date.now.bind(Date);
  Date.now = () => machineNow() + shift;
}

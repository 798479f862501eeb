/**
 * The bench's share of the rules added since the turn-2 bundle (S9, S10, S11): the engine planned with and without
 * them, on the benchmark's smallest size. Counts only; the timings are the bench's.
 */
import { measurePart } from '../../tools/bench/run-size';

describe('npm run bench, the new rules apart', () => {
  test('planning without S9, S10 and S11 plans fewer contacts for today, and both are timed', async () => {
    const figures = await measurePart(1000, 'engine-new-rules');
    // The example shop has birthdays and bookings today: leaving their rules out leaves their contacts out.
    expect(figures.dueWithoutNewRules).toBeGreaterThan(0);
    expect(figures.dueWithoutNewRules).toBeLessThan(figures.due);
    expect(figures.engineMs).toBeGreaterThan(0);
    expect(figures.withoutNewRulesMs).toBeGreaterThan(0);
    expect(figures.newRulesMs).toBeCloseTo(figures.engineMs - figures.withoutNewRulesMs);
  });
});

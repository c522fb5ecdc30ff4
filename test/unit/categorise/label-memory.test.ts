import { LabelMemory } from '../../../lambdas/core/categorise/label-memory';

describe('a memory of labels with a bound on its keys', () => {
  it('forgets the key labelled longest ago, not the one seen first', () => {
    const memory = new LabelMemory(3);
    memory.remember('netflix#-999', 'Subscriptions', -1, 999);
    memory.remember('tesco#-4210', 'Groceries', -1, 4210);
    memory.remember('shell#-6000', 'Fuel', -1, 6000);
    // Netflix again: now the most recently labelled.
    memory.remember('netflix#-999', 'Subscriptions', -1, 999);
    memory.remember('aldi#-2540', 'Groceries', -1, 2540);
    expect(memory.size).toBe(3);
    expect(memory.has('tesco#-4210')).toBe(false);
    expect(memory.vote('netflix#-999', -1, 999)).toMatchObject({ label: 'Subscriptions', support: 2 });
    // The bound holds after a save and load.
    const restored = LabelMemory.fromJSON(JSON.parse(JSON.stringify(memory.toJSON())), 3);
    restored.remember('lidl#-1234', 'Groceries', -1, 1234);
    expect(Object.keys(restored.toJSON())).toEqual(['netflix#-999', 'aldi#-2540', 'lidl#-1234']);
  });
});

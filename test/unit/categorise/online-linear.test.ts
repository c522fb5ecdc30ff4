import { OnlineLinear } from '../../../lambdas/core/categorise/online-linear';

describe('the online linear model', () => {
  it('follows a person who changed their mind, without waiting for years of old labels to be outvoted', () => {
    const model = new OnlineLinear();
    const features = ['w:costco', 'm:costco wholesale', 'a:-1:24'];
    for (let month = 0; month < 120; month += 1) {
      model.learn(features, 'Shopping');
      model.learn(['w:tesco', 'm:tesco', 'a:-1:24'], 'Groceries');
    }
    for (let month = 0; month < 6; month += 1) model.learn(features, 'Groceries');
    expect(model.top(features)?.label).toBe('Groceries');
  });

  it('loads a model saved while its weights were averaged, keeping the weights as they stood', () => {
    const model = OnlineLinear.fromJSON({
      labels: ['Shopping', 'Groceries'],
      step: 40,
      weights: { 'w:costco': [0, -0.5, -30, 1, 0.5, 10] },
    });
    expect(model.top(['w:costco'])?.label).toBe('Groceries');
    expect(model.toJSON()).toEqual({ labels: ['Shopping', 'Groceries'], weights: { 'w:costco': [0, -0.5, 1, 0.5] } });
  });
});

/**
 * The documented ranges (docs/MODEL.md) of every parameter and actor value, in one place: the
 * schemas of data/ and the scenario compiler both check against these.
 */

/** Model parameters, by `section.key`. */
export const PARAM_RANGES: Record<string, [number, number]> = {
  'weights.influence': [0, 1],
  'weights.balance': [0, 1],
  'weights.threat': [0, 1],
  'weights.effects': [0, 2],
  'weights.noise': [0, 10],
  'weights.arms': [0, 1],
  'weights.residual': [0, 1],
  'weights.escalation': [0, 2],
  'influence.selfWeight': [0, 1],
  'influence.salienceExponent': [0, 2],
  'threat.powerExponent': [0, 2],
  'threat.growthSensitivity': [0, 10],
  'effects.patronagePenalty': [0, 3],
  'effects.partnershipBonus': [0, 2],
  'effects.fatigue': [0, 20],
  'effects.fatigueDecay': [0, 1],
  'effects.persistence': [0, 1],
  'noise.sd': [0, 0.1],
  'arms.reactivity': [0, 1],
  'arms.fatigue': [0, 1],
  'arms.calibrate': [0, 1],
  'crisis.riskMax': [0, 1],
  'crisis.riskFrom': [0, 100],
  'crisis.riskExponent': [0.25, 4],
  'crisis.slip': [0, 100],
  'crisis.warRung': [1, 100],
  'crisis.decisiveness': [0.25, 4],
  'crisis.privateSpread': [0, 0.5],
  'crisis.beliefSpread': [0.01, 1],
  'crisis.horizon': [1, 1200],
  'crisis.value': [0, 10],
  'ladder.max': [1, 100],
  'ladder.rate': [0, 12],
  'ladder.pressure': [0, 1],
  'ladder.calibrate': [0, 1],
  'policy.budgetScale': [0, 100],
  'policy.budgetExponent': [0, 2],
  'policy.reserve': [0, 12],
  'policy.partnershipCost': [0, 2],
  'policy.thirdParty': [0, 2],
  'policy.costWeight': [0, 10],
  'policy.tensionValue': [0, 1],
  'policy.utilityScale': [1e-6, 1],
  'policy.optionPrior': [0, 5],
};

/** Actor values, by `group.key`. */
export const ACTOR_RANGES: Record<string, [number, number]> = {
  'capabilities.military': [0, 1e5],
  'capabilities.economic': [0, 1e6],
  'capabilities.maritime': [0, 100],
  'capabilities.diplomatic': [0, 1000],
  'growth.economic': [-0.5, 0.5],
  'growth.military': [-0.5, 0.5],
  'posture.balancing': [0, 1],
  'posture.bandwagoning': [0, 1],
  'posture.stubbornness': [0, 1],
  'posture.autonomy': [0, 1],
};

/** Decision doctrine parameters (docs/MODEL.md, "Decisions"). */
export const DOCTRINE_RANGES: Record<string, [number, number]> = {
  security: [0, 5],
  alignment: [0, 5],
  autonomy: [0, 5],
  economy: [0, 5],
  risk: [0, 1],
  accommodation: [0, 1],
  temperature: [0, 1],
  maxActions: [0, 6],
};

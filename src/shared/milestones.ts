/** The walkthrough milestones (see src/walkthrough/milestones.ts), shared with the tests. */
export const MILESTONES = [
  'connected',
  'keyCreated',
  'materialImported',
  'materialDeleted',
  'materialReimported',
  'fileEncrypted',
  'fileDecrypted',
  'decryptRefusedPendingImport',
  'dataKeyGenerated',
  'fileReencrypted',
] as const;

export type Milestone = (typeof MILESTONES)[number];

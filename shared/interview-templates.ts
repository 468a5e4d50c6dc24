// Question sets for post-release follow-up interviews, by the team being asked.

export interface QuestionTemplate {
  id: string;
  title: string;
  audience: string;
  questions: string[];
}

export const questionTemplates: QuestionTemplate[] = [
  {
    id: 'operations-follow-up',
    title: 'Post-release follow-up: operations',
    audience: 'Operations / SRE',
    questions: [
      'Was there anything you had to do that was not in the runbook?',
      'Did any step take noticeably longer than planned? Why?',
      'Were any changes made on the fly during the window? Who approved them, and when?',
      'Did monitoring show what you needed to decide whether to continue or halt?',
      'Was the backout plan usable as written, had you needed it?',
      'Were any temporary accesses granted for the release, and have they been revoked?',
    ],
  },
  {
    id: 'support-follow-up',
    title: 'Post-release follow-up: support',
    audience: 'Service desk / support',
    questions: [
      'Were you told about the release before it happened, and was the communication clear?',
      'Did customers report problems after the release? Were the incidents linked to the change?',
      'Did the release notes match what changed?',
      'Is there a workaround or known issue that is not documented?',
    ],
  },
  {
    id: 'release-manager',
    title: 'Release manager walkthrough',
    audience: 'Release Manager / CAB',
    questions: [
      'How was the change classified, and who approved it before the window?',
      'Which tolerated deviations from the policy were used, and how were they justified?',
      'How are emergency changes reviewed afterwards, and by whom?',
      'Where is the evidence of test sign-off kept?',
    ],
  },
];

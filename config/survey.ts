/**
 * Service-satisfaction surveys (feedback from the people an employee served): policy as plain
 * data. The core, the handlers and the CDK stack read it; nothing here imports anything.
 */
export const surveyRules = {
  /** A survey link is valid this many days after it is issued (then the page says so: 410). */
  linkValidDays: 7,
  /**
   * The questions, tied to the BerAKHLAK value *Berorientasi Pelayanan* (service orientation):
   * speed, clarity of the information and procedure, friendliness. Each is rated 1..5.
   */
  questions: ['SPEED', 'CLARITY', 'FRIENDLINESS'] as const,
  /** Longest comment kept (characters, after line endings are normalised). */
  commentMaxChars: 1000,
  /**
   * Per-employee aggregates with fewer responses than this are not shown to anyone (mean,
   * distribution and count withheld), so no response can be traced back to the person served.
   */
  minResponsesPerEmployee: 5,
  /**
   * Rate limits counted in the handler, each a fixed window over a small counter item in the
   * table (expired by TTL):
   *  - perLink: views and submissions of one link (a link is meant to be opened a few times);
   *  - perIp: public survey requests from one client address across all links and agencies
   *    (a service desk's wifi may put many citizens behind one address, hence generous);
   *  - issuePerStaff: links one member of staff may issue in a day.
   */
  rateLimits: {
    perLink: { max: 20, windowSeconds: 60 * 60 },
    perIp: { max: 120, windowSeconds: 10 * 60 },
    issuePerStaff: { max: 300, windowSeconds: 24 * 60 * 60 },
  },
  /** API Gateway throttling of each public survey route (requests per second, and burst). */
  publicRouteThrottle: { rateLimit: 20, burstLimit: 40 },
} as const;

export type SurveyQuestion = (typeof surveyRules.questions)[number];

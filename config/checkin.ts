/**
 * Periodic check-ins (realisasi, evidence, feedback, 360 input): policy as plain data. The core
 * reads it; nothing here imports anything.
 */
export const checkinRules = {
  /**
   * A period's check-in opens at the start of its first local day and stays open for realisasi,
   * self-assessment and submission until the end of the local day this many working days after
   * the period's last day (never later than the period's review deadline).
   */
  graceWorkingDays: 5,
  /** A peer asked for BerAKHLAK input owes it by the end of this many working days. */
  peerInputWorkingDays: 5,
  /** Peers one request may name (each costs two items of the one transaction). */
  maxPeersPerRequest: 10,
  /**
   * Whether the appraiser sees who gave each peer input. The peer is told before answering.
   * `default` applies to every agency not listed in `agencies`.
   */
  peerInputVisibility: {
    default: 'ANONYMOUS',
    agencies: {} as Record<string, 'ANONYMOUS' | 'NAMED'>,
  },
  /**
   * Anonymous peer answers are shown only in groups of this many per check-in (the first three
   * to answer, then six, ...), so no answer can be told apart by asking one peer at a time.
   */
  peerAnonymityThreshold: 3,
  /** Dialogs (and coaching notes) one check-in may hold: the document stays well under 400 KB. */
  maxDialogsPerCheckin: 30,
} as const;

/**
 * Evidence (bukti dukung): documents and images only. A declared file must have one of these
 * content types and a matching extension; anything else, and anything executable, is refused
 * before an upload URL is issued.
 */
export const evidenceRules = {
  maxBytes: 20 * 1024 * 1024,
  /** Lifetime of a presigned upload (PUT) and download (GET) URL. */
  uploadUrlSeconds: 15 * 60,
  downloadUrlSeconds: 5 * 60,
  /** Evidence ids one realisasi save may link (all indicators together). */
  maxLinkedPerSave: 50,
  allowedTypes: {
    'application/pdf': ['pdf'],
    'image/png': ['png'],
    'image/jpeg': ['jpg', 'jpeg'],
    'image/webp': ['webp'],
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
    'application/vnd.oasis.opendocument.text': ['odt'],
    'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  } as Record<string, readonly string[]>,
  /** Refused wherever they appear as an extension (also `laporan.pdf.exe`, `skrip.sh`). */
  executableExtensions: [
    'exe',
    'com',
    'bat',
    'cmd',
    'msi',
    'msp',
    'scr',
    'pif',
    'cpl',
    'dll',
    'sys',
    'ps1',
    'psm1',
    'vbs',
    'vbe',
    'js',
    'jse',
    'mjs',
    'wsf',
    'wsh',
    'hta',
    'jar',
    'sh',
    'bash',
    'zsh',
    'csh',
    'ksh',
    'run',
    'bin',
    'elf',
    'so',
    'apk',
    'app',
    'dmg',
    'pkg',
    'deb',
    'rpm',
    'appimage',
    'py',
    'pyc',
    'pl',
    'rb',
    'php',
    'lnk',
    'reg',
    'iso',
    'img',
    'docm',
    'xlsm',
    'pptm',
  ],
} as const;

/** Words whose difference between two prompts makes them different questions. */

export const PROGRAMMING_LANGUAGES = new Map<string, string>([
  ['python', 'python'], ['py', 'python'], ['javascript', 'javascript'], ['js', 'javascript'], ['node', 'javascript'],
  ['nodejs', 'javascript'], ['typescript', 'typescript'], ['ts', 'typescript'], ['rust', 'rust'], ['go', 'go'],
  ['golang', 'go'], ['java', 'java'], ['kotlin', 'kotlin'], ['scala', 'scala'], ['c', 'c'], ['c++', 'cpp'], ['cpp', 'cpp'],
  ['c#', 'csharp'], ['csharp', 'csharp'], ['ruby', 'ruby'], ['php', 'php'], ['swift', 'swift'], ['haskell', 'haskell'],
  ['sql', 'sql'], ['postgres', 'postgres'], ['postgresql', 'postgres'], ['mysql', 'mysql'], ['sqlite', 'sqlite'],
  ['bash', 'bash'], ['shell', 'bash'], ['powershell', 'powershell'], ['perl', 'perl'], ['lua', 'lua'], ['dart', 'dart'],
  ['elixir', 'elixir'], ['erlang', 'erlang'], ['julia', 'julia'], ['matlab', 'matlab'], ['r', 'r'], ['zig', 'zig'],
  ['clojure', 'clojure'], ['ocaml', 'ocaml'], ['fortran', 'fortran'], ['cobol', 'cobol'], ['html', 'html'], ['css', 'css'],
  ['react', 'react'], ['vue', 'vue'], ['angular', 'angular'], ['svelte', 'svelte'], ['django', 'django'], ['flask', 'flask'],
  ['rails', 'rails'], ['spring', 'spring'], ['numpy', 'numpy'], ['pandas', 'pandas'], ['excel', 'excel'],
  ['linux', 'linux'], ['windows', 'windows'], ['mac', 'macos'], ['macos', 'macos'], ['ios', 'ios'], ['android', 'android'],
]);

export const NATURAL_LANGUAGES = new Set([
  'english', 'french', 'spanish', 'german', 'italian', 'portuguese', 'dutch', 'russian', 'chinese', 'mandarin',
  'cantonese', 'japanese', 'korean', 'arabic', 'hindi', 'bengali', 'urdu', 'turkish', 'polish', 'swedish',
  'norwegian', 'danish', 'finnish', 'greek', 'hebrew', 'persian', 'thai', 'vietnamese', 'indonesian', 'ukrainian',
  'czech', 'romanian', 'hungarian', 'latin', 'swahili', 'tamil', 'telugu', 'punjabi', 'marathi', 'gujarati',
]);

export const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'none', 'nor', 'cannot', 'neither', 'nobody', 'nothing', 'nowhere']);

/** Pairs of opposites; either member in one prompt and the other in the second marks a different ask. */
export const OPPOSITES: [string, string][] = [
  ['increase', 'decrease'], ['increase', 'reduce'], ['raise', 'lower'], ['maximum', 'minimum'], ['max', 'min'],
  ['maximize', 'minimize'], ['largest', 'smallest'], ['biggest', 'smallest'], ['highest', 'lowest'], ['longest', 'shortest'],
  ['best', 'worst'], ['better', 'worse'], ['good', 'bad'], ['advantages', 'disadvantages'], ['pros', 'cons'],
  ['benefits', 'drawbacks'], ['before', 'after'], ['first', 'last'], ['earliest', 'latest'], ['oldest', 'newest'],
  ['ascending', 'descending'], ['buy', 'sell'], ['import', 'export'], ['encrypt', 'decrypt'], ['encode', 'decode'],
  ['compress', 'decompress'], ['upload', 'download'], ['push', 'pull'], ['add', 'remove'], ['insert', 'delete'],
  ['enable', 'disable'], ['open', 'close'], ['start', 'stop'], ['win', 'lose'], ['gain', 'lose'], ['true', 'false'],
  ['rich', 'poor'], ['hot', 'cold'], ['fast', 'slow'], ['faster', 'slower'], ['cheap', 'expensive'], ['cheapest', 'most expensive'],
  ['positive', 'negative'], ['success', 'failure'], ['love', 'hate'], ['like', 'dislike'], ['agree', 'disagree'],
  ['legal', 'illegal'], ['safe', 'dangerous'], ['healthy', 'unhealthy'], ['inside', 'outside'], ['above', 'below'],
  ['up', 'down'], ['left', 'right'], ['north', 'south'], ['east', 'west'], ['male', 'female'], ['men', 'women'],
  ['boy', 'girl'], ['past', 'future'], ['synchronous', 'asynchronous'], ['sync', 'async'], ['mutable', 'immutable'],
  ['lowercase', 'uppercase'], ['serialize', 'deserialize'], ['client', 'server'], ['frontend', 'backend'],
  ['horizontal', 'vertical'], ['horizontally', 'vertically'], ['read', 'write'], ['install', 'uninstall'], ['junior', 'senior'],
  ['beginner', 'advanced'], ['beginner', 'expert'], ['beginners', 'experts'], ['soft', 'hard'], ['benefits', 'risks'],
  ['winter', 'summer'], ['spring', 'autumn'], ['staging', 'production'], ['accept', 'decline'], ['enabled', 'disabled'],
  ['am', 'pm'], ['shallow', 'deep'], ['bits', 'bytes'], ['overfitting', 'underfitting'], ['key', 'value'], ['input', 'output'],
  ['get', 'set'], ['send', 'receive'], ['request', 'response'], ['public', 'private'], ['local', 'remote'], ['internal', 'external'],
  ['temporary', 'permanent'], ['manual', 'automatic'], ['online', 'offline'], ['light', 'dark'], ['day', 'night'],
  ['daily', 'weekly'], ['weekly', 'monthly'], ['monthly', 'yearly'], ['seconds', 'minutes'], ['minutes', 'hours'], ['hours', 'days'],
  ['days', 'weeks'], ['weeks', 'months'], ['months', 'years'], ['kilometers', 'miles'], ['kilograms', 'pounds'], ['kilogram', 'pound'],
  ['metric', 'imperial'], ['singular', 'plural'], ['primary', 'secondary'], ['major', 'minor'], ['upper', 'lower'], ['head', 'tail'],
  ['row', 'column'], ['rows', 'columns'], ['width', 'height'], ['time', 'space'], ['word', 'line'], ['words', 'lines'],
  ['string', 'number'], ['string', 'integer'], ['verify', 'hash'], ['pause', 'cancel'], ['accept', 'reject'], ['allow', 'deny'],
  ['success', 'error'], ['valid', 'invalid'], ['empty', 'full'], ['even', 'odd'], ['more', 'fewer'], ['most', 'least'],
];

/**
 * Units of measure, each spelling mapped to one name: "5 km" and "5 miles" are different asks.
 * (Not time or money: "next year" and "a dollar" are everyday words more often than units.)
 */
export const UNITS = new Map<string, string>(
  (
    [
      ['kg', 'kg kgs kilogram kilograms kilo kilos'], ['g', 'gram grams'], ['lb', 'lb lbs pound pounds'], ['oz', 'oz ounce ounces'],
      ['km', 'km kms kilometer kilometers kilometre kilometres'], ['mile', 'mile miles mi'], ['m', 'meter meters metre metres'],
      ['ft', 'ft foot feet'], ['inch', 'inch inches'], ['cm', 'cm centimeter centimeters centimetre centimetres'], ['mm', 'mm millimeter millimeters'],
      ['c', 'celsius centigrade'], ['f', 'fahrenheit'], ['k', 'kelvin'], ['l', 'liter liters litre litres'], ['ml', 'ml milliliter milliliters'],
      ['gallon', 'gallon gallons'], ['cup', 'cup cups'], ['tbsp', 'tbsp tablespoon tablespoons'], ['tsp', 'tsp teaspoon teaspoons'],
      ['bit', 'bit bits'], ['byte', 'byte bytes'], ['kb', 'kb kilobyte kilobytes'], ['mb', 'mb megabyte megabytes'], ['gb', 'gb gigabyte gigabytes'],
      ['tb', 'tb terabyte terabytes'], ['ms', 'ms millisecond milliseconds'], ['mph', 'mph'], ['kmh', 'kmh kph'],
    ] as const
  ).flatMap(([unit, spellings]) => spellings.split(' ').map((s) => [s, unit] as const)),
);

/** Words people swap for one another when rewording; each group reads as its first word. */
export const SYNONYMS = new Map<string, string>(
  [
    'main primary principal chief key major',
    'big large huge',
    'small little tiny',
    'way method approach',
    'fix repair',
    'make create build',
    'explain describe',
    'show display',
    'buy purchase',
    'picture image photo',
    'movie film',
    'kid child',
    'quick fast rapid',
    'begin start',
    'end finish',
    'choose pick select',
    'help assist',
    'easy simple',
    'hard difficult',
    'correct right',
    'mistake error',
    'car automobile',
    'answer reply',
  ].flatMap((group) => {
    const [first, ...rest] = group.split(' ');
    return [first!, ...rest].map((w) => [w, first!] as const);
  }),
);

/** British spellings read as American ones: "summarise" is "summarize", "colour" is "color". */
export function americanSpelling(word: string): string {
  return word
    .replace(/(?<=\w{3})is(e|es|ed|ing|ation|ations)$/, 'iz$1')
    .replace(/(?<=\w{2})ys(e|es|ed|ing)$/, 'yz$1')
    .replace(/(?<=\w{2})our(s|ed|ing|ful)?$/, 'or$1')
    .replace(/(?<=\w{3})tre(s)?$/, 'ter$1');
}

export const NUMBER_WORDS = new Map<string, string>([
  ['zero', '0'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'], ['seven', '7'],
  ['eight', '8'], ['nine', '9'], ['ten', '10'], ['eleven', '11'], ['twelve', '12'], ['thirteen', '13'], ['fourteen', '14'], ['fifteen', '15'], ['sixteen', '16'],
  ['seventeen', '17'], ['eighteen', '18'], ['nineteen', '19'], ['twenty', '20'], ['thirty', '30'], ['forty', '40'], ['sixty', '60'], ['ninety', '90'],
  ['fifty', '50'], ['hundred', '100'], ['thousand', '1000'], ['million', '1000000'], ['billion', '1000000000'],
  ['half', '0.5'], ['twice', '2x'], ['double', '2x'], ['triple', '3x'],
]);

export const STOPWORDS = new Set(
  (
    'a an the is are was were be been being am do does did doing have has had having i me my mine we us our you your ' +
    'he him his she her it its they them their what which who whom whose this that these those to of in on at by for ' +
    'with about as into through from up out over under again further then once here there when where why how all any ' +
    'both each few more most other some such only own same so than too very can could will would shall should may might ' +
    'must just also and or but if because until while get got one ever really please tell explain know want need way ways ' +
    'best good make use using used thing things someone something anyone anything people person like much many s t'
  ).split(' '),
);

// Fact pools for biographies. Every fact a QA pair asks about is drawn from one of these, and its perturbed
// answers take other values of the same pool, so a wrong answer is always plausible.

export const OCCUPATIONS: readonly string[] = [
  'baker', 'carpenter', 'nurse', 'pilot', 'librarian', 'electrician', 'pharmacist', 'tailor', 'farmer', 'mechanic',
  'architect', 'dentist', 'bus driver', 'schoolteacher', 'surgeon', 'chef', 'photographer', 'veterinarian',
  'locksmith', 'florist', 'geologist', 'accountant', 'firefighter', 'journalist', 'potter', 'translator', 'jeweller',
  'beekeeper', 'plumber', 'astronomer', 'shoemaker', 'marine biologist', 'bookbinder', 'dancer', 'economist',
  'glassblower', 'lighthouse keeper', 'police officer', 'software engineer', 'violinist', 'weaver', 'zookeeper',
  'cartographer', 'midwife', 'miner', 'judge', 'painter', 'postal worker', 'fisher', 'radio host',
];

export interface Genre {
  /** As in "writes crime fiction". */
  name: string;
  /** As in "the crime novelist". */
  author: string;
  /** Words that colour book titles of the genre. */
  titleNouns: string[];
}

function genre(name: string, author: string, nouns: string): Genre {
  return { name, author, titleNouns: nouns.split(', ') };
}

export const GENRES: readonly Genre[] = [
  genre('crime fiction', 'crime novelist', 'Alibi, Witness, Verdict, Ledger, Evidence, Suspect'),
  genre('science fiction', 'science fiction writer', 'Orbit, Signal, Colony, Machine, Starship, Horizon'),
  genre('fantasy', 'fantasy author', 'Dragon, Crown, Spell, Kingdom, Sword, Oracle'),
  genre('historical fiction', 'historical novelist', 'Empire, Harvest, Dynasty, Century, Archive, Treaty'),
  genre('romance', 'romance novelist', 'Heart, Promise, Letters, Summer, Kiss, Wedding'),
  genre('horror', 'horror writer', 'Shadow, Cellar, Whisper, Haunting, Bones, Fog'),
  genre('poetry', 'poet', 'Psalms, Elegies, Verses, Songs, Hymns, Sonnets'),
  genre('literary fiction', 'literary novelist', 'House, River, Silence, Daughters, Garden, Season'),
  genre("children's books", "children's author", 'Balloon, Puppy, Treehouse, Moonbeam, Kite, Giant'),
  genre('young adult fiction', 'young adult novelist', 'Rebels, Summer, Secrets, Academy, Rivals, Runaways'),
  genre('thrillers', 'thriller writer', 'Conspiracy, Target, Countdown, Cipher, Protocol, Agent'),
  genre('magical realism', 'magical realist', 'Butterflies, Rain, Saints, Mirrors, Ghosts, Orchard'),
  genre('memoir', 'memoirist', 'Kitchen, Father, Journey, Roots, Homecoming, Childhood'),
  genre('mystery', 'mystery writer', 'Riddle, Key, Locket, Manor, Clue, Portrait'),
  genre('dystopian fiction', 'dystopian novelist', 'Wall, Ration, Ashes, Tower, Decree, Quarantine'),
  genre('travel writing', 'travel writer', 'Road, Caravan, Islands, Compass, Passage, Border'),
  genre('graphic novels', 'graphic novelist', 'Panels, Ink, Heroes, Masks, City, Outlaws'),
  genre('short stories', 'short story writer', 'Stories, Tales, Fables, Sketches, Postcards, Moments'),
  genre('cyberpunk', 'cyberpunk author', 'Neon, Circuit, Code, Chrome, Network, Glitch'),
  genre('comic fiction', 'comic novelist', 'Misadventures, Wedding, Neighbours, Picnic, Chaos, Uncle'),
  genre('war fiction', 'war novelist', 'Trenches, Frontline, Armistice, Regiment, Siege, Medals'),
  genre('gothic fiction', 'gothic novelist', 'Abbey, Crypt, Candle, Heiress, Ravens, Moor'),
  genre('nature writing', 'nature writer', 'Forest, Tides, Wolves, Meadow, Glacier, Birdsong'),
  genre('psychological thrillers', 'psychological thriller writer', 'Stranger, Lies, Twin, Patient, Mirror, Blackout'),
];

export const TITLE_ADJECTIVES: readonly string[] = [
  'Silent', 'Last', 'Crimson', 'Hidden', 'Broken', 'Golden', 'Forgotten', 'Distant', 'Burning', 'Quiet', 'Endless',
  'Paper', 'Winter', 'Salt', 'Velvet', 'Iron', 'Glass', 'Wild', 'Secret', 'Hollow', 'Midnight', 'Bitter', 'Copper',
  'Sleeping', 'Northern', 'Lost', 'Painted', 'Seventh', 'Faded', 'Scarlet',
];

export const TITLE_PLACES: readonly string[] = [
  'the Valley', 'the Harbour', 'the North', 'the Old City', 'the Island', 'the Desert', 'the Mountain', 'the River',
  'Tomorrow', 'the Lighthouse', 'the Market', 'the Steppe', 'the Delta', 'the Border', 'the Coast', 'the Orchard',
];

export const AWARDS: readonly string[] = [
  'the Silver Quill Prize', 'the Meridian Book Award', 'the Golden Lantern Award', 'the Blue Heron Prize',
  'the Northern Star Medal', 'the Open Page Award', 'the Amber Leaf Prize', 'the Harbour Lights Award',
  'the Inkwell Prize', 'the Crescent Moon Award', 'the Tall Oak Fellowship', 'the Scarlet Ribbon Prize',
  'the First Chapter Award', 'the Paper Crane Prize', 'the Lighthouse Medal', 'the Evergreen Book Prize',
  'the Compass Rose Award', 'the Iron Pen Award', 'the Morning Glory Prize', 'the Twin Rivers Award',
  'the Glass Bell Prize', 'the Copper Kettle Award', 'the Wandering Star Prize', 'the Keystone Literary Award',
];

export const FIELDS_OF_STUDY: readonly string[] = [
  'history', 'philosophy', 'chemistry', 'law', 'medicine', 'music', 'architecture', 'economics', 'biology',
  'linguistics', 'journalism', 'mathematics', 'fine art', 'psychology', 'engineering', 'anthropology', 'theatre',
  'classics', 'geography', 'film studies',
];

export const THEMES: readonly string[] = [
  'memory and loss', 'family secrets', 'migration and belonging', 'the ethics of technology',
  'friendship across generations', 'power and corruption', 'grief and healing', 'identity and disguise',
  'life at sea', 'small-town life', 'climate and survival', 'justice and revenge', 'first love', 'exile and return',
  'courage in wartime', 'science and faith', 'class and ambition', 'old myths retold', 'the inner lives of animals',
  'music and obsession', 'colonial history', 'loneliness in big cities', 'childhood wonder', 'political resistance',
  'artificial minds', 'sisters and brothers', 'forgiveness', 'the meaning of home', 'food and tradition',
  'madness and genius',
];

export const HOBBIES: readonly string[] = [
  'restoring old bicycles', 'birdwatching', 'playing the cello', 'rock climbing', 'growing orchids', 'playing chess',
  'making pottery', 'long-distance running', 'collecting old maps', 'baking bread', 'sailing', 'calligraphy',
  'keeping bees', 'film photography', 'salsa dancing', 'fly fishing', 'stargazing', 'knitting', 'cycling',
  'vegetable gardening', 'woodcarving', 'kayaking', 'origami', 'mountain hiking', 'playing jazz piano',
  'building model ships', 'swimming in cold lakes', 'learning languages', 'cooking street food', 'repairing radios',
];

export const ROUTINES: readonly string[] = [
  'writes every morning before sunrise', 'writes by hand in green notebooks', 'writes only at night',
  'works in a small cafe near home', 'writes a thousand words every day', 'drafts every book on a typewriter',
  'plans each chapter on index cards', 'writes in a garden shed', 'reads every page aloud before moving on',
  'walks for an hour before writing', 'writes standing at a tall desk', 'writes on trains and buses',
  'rewrites each first draft from scratch', 'writes with classical music playing', 'works in a library reading room',
];

export const PROFESSIONS: readonly string[] = [
  'actor', 'singer', 'footballer', 'tennis player', 'film director', 'chef', 'astronaut', 'news presenter',
  'violinist', 'politician', 'comedian', 'marathon runner', 'fashion designer', 'physicist', 'architect', 'painter',
  'swimmer', 'opera singer', 'chess champion', 'talk show host',
];

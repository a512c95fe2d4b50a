// Common English given names and their usual short forms. A name may sit in several groups (chris → christopher,
// christine); two first names are nickname-equivalent when they share a group. Spelling variants of one name
// (steven / stephen) are grouped too, because they are the same name said aloud.
const GROUPS: readonly string[] = [
  'abigail abby abbie gail', 'albert al bert bertie', 'alexander alex alec sandy xander', 'alexandra alex alexa sandra sandy lexi',
  'alfred al alf fred', 'allison alison ally allie', 'andrew andy drew', 'angela angie', 'anthony tony ant', 'antonio tony',
  'arthur art artie', 'barbara barb barbie babs', 'benjamin ben benny benji', 'bernard bernie', 'beverly bev',
  'bradley brad', 'brian bryan', 'caroline carol carrie', 'catherine katherine kathryn cathy kathy kate katie cat kat',
  'charles charlie chuck chas', 'charlotte charlie lottie', 'christina christine chris chrissy tina', 'christopher chris kit topher',
  'cynthia cindy', 'daniel dan danny', 'david dave davy', 'deborah debra debbie deb', 'dennis denny', 'donald don donnie',
  'dorothy dot dottie', 'douglas doug', 'edward ed eddie ted ned', 'elizabeth liz beth betty eliza lizzie libby betsy',
  'emily em emmy', 'eugene gene', 'frances fran frannie', 'francis frank frankie', 'franklin frank', 'frederick fred freddie',
  'gabriel gabe', 'gabrielle gabby', 'gerald jerry gerry', 'gregory greg', 'harold hal harry', 'henry hank harry hal',
  'isabella isabel bella izzy', 'jacob jake', 'james jim jimmy jamie', 'janet jan', 'jeffrey jeff geoffrey', 'jennifer jen jenny',
  'jessica jess jessie', 'john jack johnny jon', 'jonathan jon jonny nathan', 'joseph joe joey', 'joshua josh',
  'judith judy', 'kenneth ken kenny', 'kimberly kim kimmy', 'lawrence larry laurence', 'leonard leo len lenny',
  'margaret maggie meg peggy marge margie', 'matthew matt matty', 'michael mike mikey mick', 'michelle shelly michele',
  'nancy nan', 'nathaniel nate nathan nat', 'nicholas nick nicky', 'nicole nikki nicky', 'patricia pat patty trish tricia',
  'patrick pat paddy', 'peter pete', 'philip phillip phil', 'rebecca becky becca', 'richard rick ricky dick rich richie',
  'robert rob bob bobby robbie bert', 'roberta bobbie', 'ronald ron ronnie', 'samantha sam sammy', 'samuel sam sammy',
  'sarah sara sally', 'stephanie steph stephany', 'stephen steven steve stevie', 'susan sue susie suzanne',
  'theodore ted teddy theo', 'thomas tom tommy', 'timothy tim timmy', 'valerie val', 'victoria vicky tori',
  'vincent vince vinny', 'walter walt wally', 'william will bill billy willy liam', 'zachary zach zack',
  'jacqueline jackie', 'teresa theresa terri tess', 'raymond ray', 'ronald ron', 'eleanor ellie nora', 'kristen kristin kris',
  'cassandra cassie', 'anne ann annie', 'anna ann annie', 'dominic dom', 'maxwell max', 'maximilian max', 'mitchell mitch', 'nicolas nick', 'terrence terence terry',
  // More English forms, both ways (a record may carry the short form or the full one).
  'pamela pam', 'dorothy dot dottie', 'virginia ginny ginger', 'melissa missy mel', 'allison ali', 'margaret marge maggie',
  'elizabeth eliza elsie', 'frances francie', 'josephine jo josie', 'joanne jo', 'nathaniel nate', 'leonard leo lenny', 'henry hank',
  'eugene gene', 'philip pip', 'gabrielle gabby', 'caroline carrie', 'valerie val', 'theresa tess tessa', 'cassandra cass',
  'johnathan john johnny jon', 'benedict ben', 'florence flo', 'olivia liv livvy', 'isabella bella izzy', 'madison maddie maddy',
  'madeline madeleine maddie', 'penelope penny', 'jeffrey geoff', 'mathew matt', 'kathleen kathy kate katie', 'kristina kristy tina',
  'christian chris', 'cristina chris tina', 'lorraine lori', 'loretta lori', 'lawrence lars', 'louis lou', 'louise lou',
  'mary molly polly mae', 'martha marty patsy', 'martin marty', 'frederica freddie', 'gwendolyn gwen', 'harriet hattie',
  'jennifer jenn', 'katrina trina', 'leslie les', 'lillian lily lil', 'marilyn lyn', 'natalie nat', 'natalia nat talia',
  'nicola nicky', 'pauline paula', 'rosemary rose rosie', 'sylvia syl', 'wilma willa', 'yvonne vonnie', 'adrian ade',
  'augustus gus', 'bartholomew bart', 'calvin cal', 'clifford cliff', 'cornelius neil', 'curtis curt', 'derrick derek rick',
  'emmanuel manny', 'ernest ernie', 'ezekiel zeke', 'gilbert gil', 'herbert herb', 'howard howie', 'jerome jerry',
  'leroy roy', 'marvin marv', 'montgomery monty', 'norman norm', 'oswald ozzie', 'percival percy', 'randall randy',
  'reginald reggie reg', 'russell russ', 'sebastian seb', 'sidney sid', 'solomon sol', 'stanley stan', 'stuart stu',
  'sylvester sly', 'tobias toby', 'vernon vern', 'wesley wes', 'wilfred fred', 'winston win', 'abraham abe', 'alan al',
  'albert al', 'clarence clare', 'cameron cam', 'duncan dunc', 'elijah eli', 'franklin frankie', 'garrett gary',
  'jacob jake jay', 'jason jay', 'jeremiah jerry', 'jeremy jerry', 'jonathan johnny', 'kenneth kenny', 'lucas luke',
  'malcolm mal', 'nathan nate', 'oliver ollie', 'raphael rafe', 'ricardo rick ricky', 'roger rog', 'samuel sammy',
  'spencer spence', 'theodore theo', 'timothy timmy', 'trevor trev', 'tyrone ty', 'tyler ty',
  // Spanish and Portuguese given names and their usual familiar forms.
  'jose pepe chepe', 'francisco paco pancho frank', 'guadalupe lupe lupita', 'jesus chuy', 'alejandro alex ale',
  'alejandra alex ale', 'roberto beto', 'alberto beto', 'humberto beto', 'enrique kike quique', 'ignacio nacho',
  'eduardo lalo eddie', 'manuel manny manolo', 'antonio tono tony', 'rosario charo', 'dolores lola', 'gabriela gaby',
  'isabel isa chabela', 'veronica vero', 'guillermo memo', 'concepcion concha conchita', 'consuelo chelo',
  'graciela chela', 'mercedes meche', 'refugio cuco', 'rodrigo rigo', 'santiago santi', 'sebastian sebas',
  'mark marc marky', 'marcus marc', 'fernando nando', 'federico fede', 'jorge coque', 'luis lucho', 'maria mari', 'patricio pato', 'ramon moncho',
];

const INDEX = new Map<string, number[]>();
GROUPS.forEach((g, i) => {
  for (const n of g.split(' ')) {
    const list = INDEX.get(n) ?? [];
    list.push(i);
    INDEX.set(n, list);
  }
});

/** True when two lower-case first names are the same name or usual forms of one name (bob / robert). */
export function sameGivenName(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = INDEX.get(a);
  const gb = INDEX.get(b);
  if (!ga || !gb) return false;
  return ga.some((g) => gb.includes(g));
}

/** Every name that shares a group with this one (the name itself excluded): all it may stand for. */
export function givenNameForms(name: string): string[] {
  const out = new Set<string>();
  for (const g of INDEX.get(name) ?? []) for (const n of GROUPS[g]!.split(' ')) if (n !== name) out.add(n);
  return [...out];
}

/** True for a given name the table knows (a full or a short form). */
export function isKnownGivenName(name: string): boolean {
  return INDEX.has(name);
}

/** A stable representative for blocking: the smallest group id a name belongs to, or the name itself. */
export function givenNameKey(name: string): string {
  const g = INDEX.get(name);
  return g && g.length > 0 ? `g${Math.min(...g)}` : name;
}

// Full forms in the table that are women's names: a short form shared by a man's and a woman's name (Sam: Samuel and
// Samantha) is what brothers and sisters, husbands and wives on one home line both answer to.
const FEMININE = new Set(`abigail alexandra allison alison angela barbara beverly caroline catherine katherine kathryn
charlotte christina christine cynthia deborah debra dorothy elizabeth emily frances gabrielle isabella janet jennifer
jessica judith kimberly margaret michelle nancy nicole patricia rebecca roberta samantha sarah stephanie susan valerie
victoria jacqueline teresa theresa eleanor kristen kristin cassandra anne anna pamela virginia melissa josephine joanne
florence olivia madison madeline madeleine penelope kathleen kristina cristina lorraine loretta louise mary martha
frederica gwendolyn harriet katrina lillian marilyn natalie natalia nicola pauline rosemary sylvia wilma yvonne
alejandra guadalupe rosario dolores gabriela isabel veronica concepcion consuelo graciela mercedes maria`.split(/\s+/));

/**
 * A short form that stands for a man's and a woman's full name (sam: Samuel and Samantha; alex: Alexander and
 * Alexandra; pat: Patrick and Patricia): on its own it cannot say which of two people of one family a record is.
 */
export function ambiguousShortForm(name: string): boolean {
  let v = AMBIGUOUS.get(name);
  if (v === undefined) {
    // The full name of each group the short form is in (the group's first word), itself excluded.
    const full = (INDEX.get(name) ?? []).map((g) => GROUPS[g]!.split(' ')[0]!).filter((f) => f !== name);
    v = full.some((f) => FEMININE.has(f)) && full.some((f) => !FEMININE.has(f));
    AMBIGUOUS.set(name, v);
  }
  return v;
}
const AMBIGUOUS = new Map<string, boolean>();

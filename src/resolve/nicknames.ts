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

/** A stable representative for blocking: the smallest group id a name belongs to, or the name itself. */
export function givenNameKey(name: string): string {
  const g = INDEX.get(name);
  return g && g.length > 0 ? `g${Math.min(...g)}` : name;
}

// English stop words (a compact list in the spirit of NLTK's) plus marketing filler that names no content,
// removed from a creative's keywords so what remains can be matched with customer interests.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each either else
ever every few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers herself
him himself his how i i'm if in into is isn't it it's its itself just let's me more most much must my myself no nor not
now of off on once only or other our ours ourselves out over own same she should shouldn't so some such than that that's
the their theirs them themselves then there these they they're this those through to too under until up upon us very via
was wasn't we we're were weren't what when where which while who whom why will with won't would wouldn't you you'll
you're you've your yours yourself yourselves today tonight tomorrow week weekend day days hour hours time now new news
here's there's one two three first last next just really still yet even ever within without per via etc dear hi hello
hey thanks thank please click tap see learn find view visit shop buy order book call reply claim use code get go make
take give off up out back more less many much lot lots big bigger best great good amazing awesome wow`.split(/\s+/)
)

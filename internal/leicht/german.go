package leicht

import "regexp"

// German is the table of German Leichte Sprache. Its limits follow the
// checks that exist, a little more lenient for errors: a sentence of more
// than 12 words is an error (LanguageTool's de-DE-x-simple-language
// reports long sentences at 12), of more than 9 a warning (ELEphanT: 9 or
// more); a word part of 13 letters or more (ELEphanT: 10) must be split
// with the hyphen (Netzwerk Leichte Sprache; 80 % of its readers
// preferred it) or the Mediopunkt (DIN SPEC 33429 allows both).
var German = &Lang{
	Code:      "de",
	MaxWords:  12,
	WarnWords: 9,
	LongWord:  13,
	Joiners:   []rune{'-', '\u2010', ':'},
	Splitters: "-\u2010·",
	// Suffixes a linking s follows for certain: the split after them is
	// right (Integrations·beirat, Wohnungs·amt); other words get no
	// suggestion rather than a wrong one.
	LinkingEnds: []string{"ions", "ungs", "heits", "keits", "schafts", "täts", "lings"},
	Abbreviations: map[string]string{
		"z. B.": "zum Beispiel", "usw.": "und so weiter", "bzw.": "beziehungsweise (oder: oder)",
		"ca.": "ungefähr", "ggf.": "wenn nötig", "u. a.": "unter anderem", "d. h.": "das heißt",
		"etc.": "und so weiter", "evtl.": "vielleicht", "inkl.": "mit", "bspw.": "zum Beispiel",
		"vgl.": "siehe", "sog.": "so genannt", "u. U.": "vielleicht", "o. Ä.": "oder Ähnliches",
		"z. T.": "zum Teil", "i. d. R.": "meistens", "Nr.": "Nummer", "Tel.": "Telefon",
		"Str.": "Straße", "Dr.": "Doktor", "Prof.": "Professor", "Mio.": "Millionen",
		"Mrd.": "Milliarden", "zzgl.": "und dazu", "Hrsg.": "heraus-gegeben von",
	},
	NumberWords: map[string]string{
		"zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7",
		"acht": "8", "neun": "9", "zehn": "10", "elf": "11", "zwölf": "12", "dreizehn": "13",
		"vierzehn": "14", "fünfzehn": "15", "sechzehn": "16", "siebzehn": "17", "achtzehn": "18",
		"neunzehn": "19", "zwanzig": "20", "dreißig": "30", "vierzig": "40", "fünfzig": "50",
		"sechzig": "60", "siebzig": "70", "achtzig": "80", "neunzig": "90", "hundert": "100",
		"tausend": "1.000", "million": "1 Million", "millionen": "Millionen mit Ziffern, z. B. 2 Millionen",
	},
	NumberCompound: regexp.MustCompile(`^(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)$|^(zwei|drei|vier|fünf|sechs|sieben|acht|neun)(hundert|tausend)$`),
	Characters: map[rune]string{
		'%': "bitte „Prozent“ schreiben, oder besser: „3 von 10 Menschen“",
		'§': "bitte „Paragraf“ schreiben",
		';': "bitte einen Punkt setzen und einen neuen Satz beginnen",
		'(': "bitte keine Klammern – was darin steht, in einen eigenen Satz schreiben",
		')': "bitte keine Klammern – was darin steht, in einen eigenen Satz schreiben",
	},
	PassiveAux: []string{"werde", "wirst", "wird", "werden", "werdet", "wurde", "wurdest", "wurden", "wurdet", "worden"},
	// A participle: ge…t, ge…en (gemacht, gegeben, angeboten as …ge…),
	// be…t, ver…t (bezahlt, verteilt),
	// …iert (organisiert).
	Participle: regexp.MustCompile(`^(\p{L}*ge\p{L}{2,}(t|en)|(be|ver|er|zer|ent|emp)\p{L}{2,}t|\p{L}+iert)$`),
	Negations:  []string{"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "niemand", "nichts"},
	Genitive:   []string{"des", "eines", "dessen", "deren"},
	Subjunctive: []string{"würde", "würden", "würdest", "wäre", "wären", "wärst", "hätte", "hätten", "hättest",
		"könnte", "könnten", "müsste", "müssten", "dürfte", "dürften", "sei", "seien"},
	Subordinators: []string{"dass", "weil", "wenn", "ob", "obwohl", "damit", "da", "als", "nachdem", "bevor",
		"während", "falls", "sodass", "indem", "sofern", "solange", "sobald", "der", "die", "das", "dem",
		"den", "denen", "deren", "dessen", "welcher", "welche", "welches", "wo", "was", "wie"},
	Foreign: map[string]string{
		"akteure": "Menschen und Gruppen", "akteur": "Mensch oder Gruppe", "akteuren": "Menschen und Gruppen",
		"partizipation": "Mitmachen", "inklusion": "alle gehören dazu", "diversität": "Vielfalt",
		"kommunal": "von der Stadt", "kommunale": "von der Stadt", "ressourcen": "Geld, Zeit und Menschen",
		"workshop": "Arbeits-Treffen", "meeting": "Treffen", "event": "Veranstaltung", "team": "Gruppe",
		"feedback": "Rückmeldung", "online": "im Internet", "newsletter": "Nachrichten per E-Mail",
		"koordination": "Planung", "koordiniert": "plant", "evaluation": "Prüfung", "evaluiert": "geprüft",
		"strategie": "Plan", "konzept": "Plan", "kompetenzen": "Fähigkeiten", "netzwerk": "Gruppe",
	},
	Explains: []string{"heißt", "ist", "sind", "bedeutet"},
}

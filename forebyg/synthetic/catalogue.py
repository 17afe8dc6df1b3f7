"""The fixed lists synthetic data is drawn from: names, texts and municipality weights.

Every synthetic person's name ends with SYNTHETIC_MARK, so a synthetic record can never be taken
for a real one on screen, in an export or in a PDF."""

SYNTHETIC_MARK = "(syntetisk)"
USERNAME_PREFIX = "syn-"
# The audit verb of the marker event: its `after` holds the size, seed and anchor date.
MARKER_VERB = "synthetic.generated"

FIRST_NAMES = (
    "Ahmad",
    "Alberte",
    "Ali",
    "Anna",
    "Asger",
    "Aya",
    "Bertram",
    "Clara",
    "Emil",
    "Emma",
    "Fatima",
    "Frederik",
    "Freja",
    "Hassan",
    "Ida",
    "Isabella",
    "Jonas",
    "Josefine",
    "Karl",
    "Laura",
    "Lucas",
    "Maja",
    "Malthe",
    "Mathias",
    "Mikkel",
    "Mohammed",
    "Nikolaj",
    "Noah",
    "Nora",
    "Oliver",
    "Omar",
    "Oscar",
    "Sara",
    "Sebastian",
    "Sofie",
    "Victor",
    "William",
    "Yasmin",
    "Zeynep",
    "Aksel",
)
LAST_NAMES = (
    "Andersen",
    "Christensen",
    "Hansen",
    "Jensen",
    "Johansen",
    "Larsen",
    "Madsen",
    "Nielsen",
    "Olsen",
    "Pedersen",
    "Petersen",
    "Poulsen",
    "Rasmussen",
    "Sørensen",
    "Thomsen",
    "Ahmed",
    "Hussein",
    "Yilmaz",
    "Khan",
    "Jørgensen",
    "Kristensen",
    "Mortensen",
    "Møller",
    "Knudsen",
)

DESCRIPTIONS = (
    "Eleven har over flere uger delt propaganda fra en ekstremistisk gruppe i klassens chat.",
    "Den unge har trukket sig fra vennerne og taler om at 'tage kampen op' mod samfundet.",
    "Forældrene er bekymrede over nye kontakter på nettet og ændret adfærd derhjemme.",
    "Medarbejderen har hørt den unge rose et terrorangreb og vise symboler fra miljøet.",
    "Den unge er begyndt at bære symboler og har truet en lærer med 'konsekvenser'.",
    "Hotlinen fik et opkald fra et familiemedlem om pludselige rejseplaner til et konfliktområde.",
)
SUMMARIES = (
    "Samlet vurdering: flere risikofaktorer, men stærke beskyttende faktorer i familien.",
    "Samlet vurdering: bekymringen er bekræftet; den unge har brug for en mentor.",
    "Samlet vurdering: begrænset risiko; opfølgning i skolen er tilstrækkelig.",
)
RECOMMENDATIONS = (
    "Anbefaling: mentorforløb og tæt samarbejde med skolen.",
    "Anbefaling: forældresamtaler og opfølgning i infohuset om tre måneder.",
    "Anbefaling: exitsamtaler i samarbejde med politiet.",
)
OBSERVATIONS = (
    "Stærk relation til en lærer.",
    "Isolerer sig socialt.",
    "Aktiv i idrætsforening.",
    "Søger ekstremistisk indhold på nettet.",
    "Konflikter i hjemmet.",
    "Stabil skolegang.",
)
NOTES = ("", "", "", "Drøftet på infohusmøde.", "Politiet er orienteret.")

# Inhabitants in thousands (rounded, population-ish): cases spread by these weights; every other
# municipality weighs DEFAULT_WEIGHT.
DEFAULT_WEIGHT = 35
POPULATION_THOUSANDS = {
    "101": 660,
    "751": 365,
    "851": 222,
    "461": 207,
    "561": 117,
    "630": 121,
    "147": 105,
    "730": 99,
    "740": 98,
    "615": 98,
    "791": 98,
    "621": 95,
    "657": 90,
    "265": 90,
    "370": 84,
    "330": 80,
    "157": 75,
    "540": 74,
    "316": 72,
    "159": 70,
    "860": 64,
    "746": 63,
    "217": 63,
    "259": 62,
    "376": 60,
    "813": 59,
    "479": 59,
    "661": 59,
    "580": 58,
    "173": 57,
    "760": 56,
    "510": 55,
    "219": 52,
    "607": 52,
    "326": 49,
    "825": 2,
    "563": 4,
    "741": 4,
    "492": 6,
    "411": 1,
}

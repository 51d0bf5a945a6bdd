//! How the personal-data classifier reads whole documents.

use crate::classify::tests::{verdict_of, verdict_of_parts};
use crate::extract::{PartKind, TextPart};
use crate::sniff::Format;

/// The special categories of a plain-text document.
fn special_of(text: &str) -> Vec<String> {
    verdict_of(text).special_categories
}

#[test]
fn a_pupil_named_with_their_class_is_a_child_a_mentor_is_not() {
    let notes = "Noah Lindqvist 6A - anteckningar efter samtal\n\n- varit tyst\n";
    assert_eq!(special_of(notes), ["child"]);
    let mail = "Hej Mats,\n\nLeo Karlsson i 3C åker taxi från och med måndag.\n";
    assert_eq!(special_of(mail), ["child"]);
    let listed = "Ida Ek (klass 5B) har anmält sig till kören.\n";
    assert_eq!(special_of(listed), ["child"]);
    let staff = "Mentor: Anna Berglund 6A\n\nMöte om schemat.\n";
    assert!(special_of(staff).is_empty(), "{:?}", special_of(staff));
}

#[test]
fn pupils_listed_with_their_class_in_a_column_are_children() {
    let list = "Antagna elever\n\n  Lova Andersson           4B   Tallbackaskolan\n\
                \tIbrahim Said\t5A\tNorrbackaskolan\n";
    assert_eq!(special_of(list), ["child"]);
    let staff = "Lärare          Klass\nAnna Berglund   6A   mentor\n";
    assert!(special_of(staff).is_empty(), "{:?}", special_of(staff));
}

#[test]
fn a_name_with_a_recent_year_of_birth_is_a_child_an_old_one_is_not() {
    let list = "Simskola 2025-06-13\n\nNamn               Född\nNils Hägg          2018\n";
    assert_eq!(special_of(list), ["child"]);
    let born = "Anmälan 2025-06-13: Nils Hägg, född 2019, vill börja i gruppen.\n";
    assert_eq!(special_of(born), ["child"]);
    let adult = "Sammanställt 2025-06-13\n\nNils Hägg          1958\n";
    assert!(special_of(adult).is_empty(), "{:?}", special_of(adult));
    let signed = "Nils Hägg   2019-05-12\n";
    assert!(special_of(signed).is_empty(), "a date is no year of birth");
}

#[test]
fn a_plan_speaks_of_pupils_in_general_unless_it_names_one() {
    let plan = "Elevhälsoplan 2025–2027\n\nElevhälsan ger eleven stöd när det behövs. \
                Vårdnadshavaren informeras om en orosanmälan, utom när det kan skada barnet.\n";
    let v = verdict_of(plan);
    assert!(
        v.special_categories.is_empty(),
        "{:?}",
        v.special_categories
    );
    assert!(!v.secrecy);
    let named = "Handlingsplan för elevhälsan\n\nKalle Ek i 4B har fått en ADHD-diagnos.\n";
    assert!(special_of(named).contains(&"health".to_owned()));
}

#[test]
fn a_representative_asking_about_home_care_is_not_its_client() {
    let answer = "Svar på interpellation från Elin Fors (V) om väntetider till hemtjänst\n\n\
                  Elin Fors har ställt tre frågor om hur lång tid det tar innan en beviljad \
                  hemtjänstinsats kommer i gång.\n";
    assert!(special_of(answer).is_empty(), "{:?}", special_of(answer));
    let resigned = "§ 12 Entledigande\n\nKerstin Ahlgren (MP) har av hälsoskäl begärt att \
                    bli entledigad från sitt uppdrag.\n";
    assert_eq!(special_of(resigned), ["health"]);
    // Asking and answering in the chamber are acts in office too.
    let question = "§ 12 Fråga om snöröjning\n\nLina Borg (MP) frågar nämndens ordförande hur \
                    snöröjningen prioriteras. Fredrik Åström (M) svarar att skolor ligger i \
                    prioritet 1 tillsammans med infarter till vårdcentralen.\n";
    assert!(
        special_of(question).is_empty(),
        "{:?}",
        special_of(question)
    );
}

#[test]
fn secrecy_named_in_a_heading_or_quoted_is_no_marking() {
    for text in [
        "RIKTLINJE FÖR HANTERING AV PERSONUPPGIFTER OCH SEKRETESS\n\nGäller alla.\n",
        "3. SEKRETESS\n\nHär beskrivs lagen.\n",
        "Handlingen märks med \"SEKRETESS\" och lagrum på första sidan.\n",
        "Handlingen märks på första sidan med texten SEKRETESS och lagrum.\n",
        "Arkivbeskrivning\n\nSekretess och personuppgifter\nHandlingar i arkivet kan innehålla uppgifter \
         som prövas enligt OSL vid varje begäran om utlämnande.\n",
        "Medarbetarbrevet\n\nSEKRETESS I VARDAGEN – FEM SITUATIONER\nKort om vad som gäller.\n",
        "Kursprogram\n\n– Sekretessmarkering och utlämnande\n– Gallring\n",
        "NY RUTIN FÖR POST MÄRKT SEKRETESS\n\nLämna den oöppnad till registrator.\n",
    ] {
        assert!(!verdict_of(text).secrecy, "{text}");
    }
    let config = "[publicering]\nrequire_approval = true\napprover_group = WEBB\n\n[privacy]\n\
                  block_on_personnummer = true\nblock_on_keywords = sekretess,SEKRETESS\n\
                  quarantine_dir = /srv/karantan\n";
    assert!(!verdict_of(config).secrecy, "a configuration's keyword");
    for text in [
        "SEKRETESS\n\nAnteckning.\n",
        "Dnr SN 2025/118   SEKRETESS\n\nUtredning.\n",
        "*** OMFATTAS AV SEKRETESS – 17 kap. 3 b § OSL ***\n\nRapport.\n",
        "SEKRETESS enligt 26 kap. 1 § OSL\n\nUtredning.\n",
        "SEKRETESS – FÅR EJ LÄMNAS UT\n\nUtredning.\n",
    ] {
        assert!(verdict_of(text).secrecy, "{text}");
    }
}

#[test]
fn a_made_up_case_in_course_material_is_about_no_one() {
    let case = "Kursmaterial modul 3 – övningsfall, FIKTIVT\n\nBAKGRUND\nKalle är 9 år. \
                Skolan skickar en orosanmälan: Kalle har kommit till skolan hungrig. \
                Mamma Lisa har en bipolär sjukdom.\n";
    let v = verdict_of(case);
    assert!(
        v.special_categories.is_empty(),
        "{:?}",
        v.special_categories
    );
    assert!(!v.secrecy);
    let real = "Orosanmälan\n\nKalle är 9 år. Skolan skickar en orosanmälan: Kalle har \
                kommit till skolan hungrig.\n";
    assert!(!special_of(real).is_empty());
}

#[test]
fn the_daughter_of_a_writer_who_says_they_are_old_is_no_child() {
    let old = "Jag fyller 84 i mars och har KOL. Min dotter har ringt er två gånger.\n";
    assert_eq!(special_of(old), ["health"]);
    let young = "Jag fyller 34 i mars. Min dotter har ringt er två gånger.\n";
    assert_eq!(special_of(young), ["child"]);
}

#[test]
fn an_employees_workplace_in_care_is_no_social_care_measure() {
    let plan = "Rehabiliteringsplan\n\nMedarbetare: Jonas Lindqvist, 800312-4471\n\
                Upprättad vid möte på Hemtjänst Norra. Jonas är sjukskriven sedan januari.\n";
    assert_eq!(special_of(plan), ["health"]);
    let decision = "Beslut\n\nJonas Lindqvist, 800312-4471, beviljas hemtjänst två gånger \
                    i veckan. Han är sjukskriven sedan januari.\n";
    assert_eq!(special_of(decision), ["health", "social-care"]);
}

#[test]
fn a_survey_statement_with_its_results_is_no_ones_answer() {
    let row = "Fråga  2023  2024\nKänner mig trygg med hemtjänsten  87 %  89 %\n";
    assert!(special_of(row).is_empty(), "{:?}", special_of(row));
    let own = "Jag har haft hemtjänst sedan mars och är nöjd till 90 %.\n";
    assert_eq!(special_of(own), ["social-care"]);
}

#[test]
fn in_a_letter_to_all_guardians_only_a_name_points_at_a_child() {
    let letter = "Hej alla vårdnadshavare i 4B!\n\nOm ditt barn har någon allergi \
        eller behöver medicin under dagen, meddela mig. Eleven får äta egen mat.\n";
    assert!(special_of(letter).is_empty(), "{:?}", special_of(letter));
    let one = "Hej Sara!\n\nOm ditt barn har någon allergi eller behöver medicin \
        under dagen, meddela mig.\n";
    assert!(special_of(one).contains(&"health".to_owned()));
    let named = letter.replace("Eleven får", "Noah Lindqvist har diabetes och får");
    assert!(special_of(&named).contains(&"health".to_owned()));
}

#[test]
fn the_school_nurse_signing_a_letter_to_all_guardians_is_no_case() {
    let letter = "Till vårdnadshavare till elever i årskurs 5\n\nHej!\n\n\
        Nu erbjuds vaccination mot HPV. Svara senast 3 april.\n\n\
        Vänliga hälsningar\nAnnika Ruotsalainen, skolsköterska\n";
    assert!(!verdict_of(letter).secrecy);
    let to_the_nurse = "Till: Kristina Ekholm (skolsköterska)\n\nHej Kristina!\n\n\
        Min son Oliver Bergström har autism och äter inte i matsalen.\n\nMvh\nPetri Mäki\n";
    assert!(verdict_of(to_the_nurse).secrecy);
}

#[test]
fn a_parent_writing_about_a_named_child_ties_the_child_and_health() {
    let letter = "Jag vill överklaga beslutet om skolplacering för min son.\n\
        Elias går i årskurs 2 och har en diagnos inom autismspektrumet, och \
        läkaren har skrivit att ett byte av skola är påfrestande för honom.\n";
    let v = verdict_of(letter);
    assert_eq!(v.special_categories, ["child", "health"]);
}

#[test]
fn notes_go_on_about_the_person_the_last_sentence_named() {
    let notes = "v.41\n- Samirs mamma ringde. BUP har börjat en utredning, svar efter jul.\n";
    assert_eq!(verdict_of(notes).special_categories, ["health"]);
    // A leaflet's question heading ("Vart vänder jag mig?") is its own
    // sentence, and ties nothing on the next line to its "jag".
    let leaflet = "Vart vänder jag mig?\n• Din vårdcentral. Du kan också ringa 1177.\n";
    assert!(verdict_of(leaflet).special_categories.is_empty());
}

#[test]
fn the_son_of_someone_old_is_no_child() {
    let decision = "Beslut om hemtjänst 2025-05-06\nSökande: Gunnel Ström, \
        19380711-2341\nGunnel har diabetes. Hennes dotter bor i Stockholm.\n";
    let v = verdict_of(decision);
    assert!(
        !v.special_categories.contains(&"child".to_string()),
        "{v:?}"
    );
    // The same words about a parent of 40 may well be about a child.
    let young = decision.replace("19380711-2341", "19850302-1233");
    let v = verdict_of(&young);
    assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
}

#[test]
fn a_case_file_naming_its_patient_is_secret_and_about_health() {
    let note = "Journalanteckning, hemsjukvården\nPatient: Ingrid Söderlund\n\
        Besök 2025-10-02. Patienten har tilltagande andfåddhet. Ordinerat \
        vätskedrivande.\n";
    let v = verdict_of(note);
    assert!(v.secrecy);
    assert_eq!(v.special_categories, ["health"]);
    // The same words in a leaflet with a contact person are not a case.
    let leaflet = "Hemsjukvården informerar om journalanteckningar i 1177.\n\
        Kontakt: sjuksköterska Ingrid Söderlund\n";
    assert!(!verdict_of(leaflet).secrecy);
}

#[test]
fn a_teachers_report_to_social_services_is_a_secret_social_care_case() {
    let mail = "Från: Lena Öberg <lena.oberg@skola.ekdala.se>\nÄmne: Oro för elev\n\n\
        Jag är mentor för Amir i klass 5B. Han berättade att pappa slagit honom.\n\
        Jag gör härmed en anmälan enligt 14 kap. 1 § socialtjänstlagen.\n";
    let v = verdict_of(mail);
    assert!(
        v.special_categories.contains(&"social-care".to_string()),
        "{v:?}"
    );
    assert!(v.secrecy);
}

#[test]
fn a_citizens_own_mail_to_the_social_services_is_their_secret_case() {
    let mail = "Från: Hiwet Tesfay <hiwet.tesfay@gmail.com>\n\
        Till: socialtjansten@alvmora.se\nÄmne: hjälp med hyran\n\n\
        Jag har diskbråck och är sjukskriven. Kan jag söka pengar för hyran?\n";
    let v = verdict_of(mail);
    assert!(v.secrecy, "{v:?}");
    // Help with the rent asked of the social services is social care.
    assert_eq!(v.special_categories, ["health", "social-care"]);
    // The same mail to the library is no social-services case.
    let other = mail.replace("socialtjansten@", "biblioteket@");
    assert!(!verdict_of(&other).secrecy);
}

#[test]
fn an_identity_number_of_someone_under_18_is_a_child() {
    let letter = "Sjöbacka 2025-02-21\nAngående Ella Nordström, 110528-3749\n\
        Socialnämnden ansöker om vård enligt LVU.\n";
    let v = verdict_of(letter);
    assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
    // The mother, born 1985, is no child.
    let adult = letter.replace("110528-3749", "850312-1231");
    assert!(
        !verdict_of(&adult)
            .special_categories
            .contains(&"child".to_string())
    );
    // Age at the document's date, birthday included: born 2007-09-22 and
    // seen 2025-02-04, she is 17; seen 2025-10-01, she is 18.
    let visit = "Patient: Alva Nyström, 20070922-4828\nBesök: 2025-02-04, kuratorssamtal.\n\
        Hon mår dåligt och har sömnproblem.\n";
    let v = verdict_of(visit);
    assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
    let later = visit.replace("2025-02-04", "2025-10-01");
    assert!(
        !verdict_of(&later)
            .special_categories
            .contains(&"child".to_string())
    );
    // A number of someone born after the document's date gives no age.
    let future = "Intyg 2020-01-10\nAngående Ella Nordström, 20230528-3745\n";
    assert!(
        verdict_of(future)
            .personal_data
            .contains(&"personnummer".to_string())
    );
    assert_eq!(super::children::birth_year("110528-3749", 2025), Some(2011));
    assert_eq!(super::children::birth_year("260528-3749", 2025), Some(1926));
    assert_eq!(super::children::birth_year("110528+3749", 2025), Some(1911));
    assert_eq!(
        super::children::birth_year("200711283749", 2025),
        Some(2007)
    );
}

#[test]
fn a_blank_form_is_about_no_one() {
    let form = "Blankett: Orosanmälan barn\nBarnets namn: ______________\n\
        Personnummer: ______________\nOro gäller:\n[ ] Barnet bevittnar våld\n\
        [ ] Missbruk hos vårdnadshavare\nUppgifterna omfattas av sekretess enligt \
        26 kap. 1 § OSL när de kommit in till socialtjänsten.\n";
    let v = verdict_of(form);
    assert!(v.special_categories.is_empty(), "{v:?}");
    assert!(!v.secrecy);
    // Filled in, it is a report about a child.
    let filled = form.replacen("______________", "Melvin Sjöberg", 1);
    let v = verdict_of(&filled);
    assert!(v.special_categories.contains(&"child".to_string()), "{v:?}");
}

#[test]
fn a_student_in_adult_education_is_no_child() {
    let plan = "Individuell studieplan, svenska för invandrare\nNamn: Yonatan Tesfay\nSamordningsnummer: 900472-1495\n\
        Yonatan är född och uppvuxen i Eritrea. Eleven har fått en kopia.\n";
    let v = verdict_of(plan);
    assert_eq!(v.special_categories, ["ethnicity"]);
    let school = plan.replace("svenska för invandrare", "årskurs 8");
    assert!(
        verdict_of(&school)
            .special_categories
            .contains(&"child".to_string())
    );
}

#[test]
fn a_home_care_workplace_is_no_social_care_measure() {
    let rehab = "Rehabiliteringsutredning\nMedarbetare: Johan Bergkvist, undersköterska, \
        Hemtjänsten Västra\nJohan har varit sjukskriven sedan maj på grund av \
        utmattningssyndrom.\nHandlingen innehåller uppgifter om enskilds hälsa och \
        omfattas av sekretess enligt 39 kap. 3 § offentlighets- och sekretesslagen.\n";
    let v = verdict_of(rehab);
    assert_eq!(v.special_categories, ["health"]);
    // The employee the file is about is named under its label.
    assert!(v.secrecy, "{v:?}");
    // A client's home care on a line of its own still counts.
    let plan = "Brukare: Gösta Lindberg\nGösta har beviljats hemtjänst två gånger dagligen.\n";
    assert_eq!(verdict_of(plan).special_categories, ["social-care"]);
}

#[test]
fn an_application_for_mobility_service_is_a_secret_case_of_its_applicant() {
    let form = "Ansökan om färdtjänst\nSökande: Birgitta Holm\n\
        Jag använder rullator efter en stroke och kan inte åka buss.\n";
    let v = verdict_of(form);
    assert!(v.secrecy, "{v:?}");
    // A ward's file names its subject as "Huvudman".
    let ward = "Beslut om godmanskap\nHuvudman: Sven-Olof Lindgren\n\
        Bostad: Solhemmets särskilda boende, Ekdala\n";
    let v = verdict_of(ward);
    assert!(
        v.special_categories.contains(&"social-care".to_string()),
        "{v:?}"
    );
    // The service's fares in general are nobody's case.
    let notice = "Färdtjänstens taxor höjs från 1 januari. Ansökan om färdtjänst görs \
        på kommunens webbplats.\nKontakt: handläggare Anna Ek\n";
    assert!(!verdict_of(notice).secrecy);
}

#[test]
fn an_unnamed_child_described_by_age_is_one_person() {
    let report = "Förskolan har i dag gjort en orosanmälan gällande en flicka, 4 år, \
        boende på Granvägen 3.\n\nAnmälare: förskolechef Ulla Berglund\n";
    let v = verdict_of(report);
    assert!(
        v.special_categories.contains(&"social-care".to_string()),
        "{v:?}"
    );
    assert!(v.secrecy);
    // Orosanmälningar in general, in a yearly report, are no one's.
    let stats = "Förskolorna gjorde 14 orosanmälningar under året, fler än i fjol.\n\n\
        Rapporten är skriven av förskolechef Ulla Berglund\n";
    assert!(verdict_of(stats).special_categories.is_empty());
}

#[test]
fn an_adult_daughter_is_no_child_and_a_resident_born_1938_is_one_person() {
    let plan = "Genomförandeplan hemtjänst\n\nBrukare: Gösta Lindberg\n\
        Gösta har diabetes typ 2. Dottern Eva hjälper till med ekonomin.\n";
    let v = verdict_of(plan);
    assert!(
        !v.special_categories.contains(&"child".to_string()),
        "{v:?}"
    );
    assert!(v.special_categories.contains(&"health".to_string()));
    let report = "Rapport enligt lex Sarah\n\nPersonal har rapporterat att en boende på \
        Ekbackens särskilda boende, kvinna född 1938, blev liggande på golvet efter ett fall.\n";
    let v = verdict_of(report);
    assert!(
        v.special_categories.contains(&"social-care".to_string()),
        "{v:?}"
    );
    assert!(v.secrecy);
}

#[test]
fn a_case_file_naming_its_child_ties_every_sentence_to_the_child() {
    let file = "Utredning enligt 11 kap. 1 § SoL\n\nBarnet: Liam Andersson, född 2016\n\
        Socialsekreteraren har träffat familjen tre gånger.\n\
        Förvaltningen överväger att ansöka om vård enligt LVU.\n";
    let v = verdict_of(file);
    assert!(
        v.special_categories.contains(&"social-care".to_string()),
        "{v:?}"
    );
    assert!(v.secrecy);
}

#[test]
fn a_stretch_of_street_or_a_property_designation_is_no_home_address() {
    let plan = "Ritningar av arkitekt Sven Markelius.\n\nDrottninggatan 12–18 får ny beläggning.\n";
    assert!(
        !verdict_of(plan)
            .personal_data
            .contains(&"address".to_string())
    );
    let home = "Ritningar av arkitekt Sven Markelius.\n\nDrottninggatan 12 får ny beläggning.\n";
    assert!(
        verdict_of(home)
            .personal_data
            .contains(&"address".to_string()),
        "the control"
    );
    let property = "41 | 2025-03-03 | Bygglov | Tallbacken 2:14 | Rasmus Ekdahl |\n";
    assert!(
        !verdict_of(property)
            .personal_data
            .contains(&"address".to_string()),
        "a property designation"
    );
    let prose = "Ritningar av arkitekt Sven Markelius.\n\nGång- och cykelvägen längs \
        Storgatan 3 breddas till 3,5 meter och får ny belysning under våren.\n";
    assert!(
        !verdict_of(prose)
            .personal_data
            .contains(&"address".to_string())
    );
}

#[test]
fn a_name_opens_a_sentence_only_before_a_word_in_lower_case() {
    let rules = crate::classify::tests::rules();
    assert!(super::tie::names_someone("Elias går i årskurs 2", rules));
    assert!(
        !super::tie::names_someone("Elias Skolan", rules),
        "a heading"
    );
    assert!(!super::tie::names_someone(
        "Diagnosen ställdes i våras",
        rules
    ));
}

/// A letter greeting its reader by name speaks of that person as
/// "du"; what it tells anyone in their place ("om du har …", "du kan
/// ansöka om …") is no one's case.
#[test]
fn a_letter_greeting_its_reader_by_name_means_them_by_du() {
    let letter = "Hej Robin,\n\nTack för samtalet i går. Eftersom du just nu har \
        försörjningsstöd går det inte att betala av på skulderna.\n\nHälsningar\nBudget- och skuldrådgivningen\n";
    let v = verdict_of(letter);
    assert!(
        v.special_categories.contains(&"social-care".to_string()),
        "{v:?}"
    );
    let advice = "Hej Robin,\n\nTack för din fråga. Om du har försörjningsstöd kan \
        du också få hjälp med hyran.\n\nHälsningar\nKundcenter\n";
    assert!(verdict_of(advice).special_categories.is_empty());
    let unnamed = "Hej,\n\nEftersom du har försörjningsstöd gäller andra regler.\n";
    assert!(
        verdict_of(unnamed).special_categories.is_empty(),
        "no one named"
    );
}

/// A sentence saying its person cannot be identified ties no one.
#[test]
fn a_sentence_that_leaves_out_the_name_ties_no_one() {
    let report = "Incidentrapport\n\nAnmält av Karin Ek.\n\nTexten innehöll uppgifter om \
        en brukares hälsotillstånd och vilka insatser brukaren får, men inte namn eller personnummer.\n";
    assert!(verdict_of(report).special_categories.is_empty());
    let some_resident = "Linnea berättade att någon hade klistrat in uppgifter om en boende \
        för att få ett förslag till genomförandeplan.\n";
    assert!(!verdict_of(some_resident).secrecy);
    let release = "Beslut om utlämnande\n\nSökande: Sofia Lind, Sörmarka Tidning\n\n\
        Handling\tMaskerad uppgift\tLagrum\nE-post från ordföranden\tTvå meningar om en väljares \
        hälsotillstånd\t21 kap. 1 § OSL\n\nUppgifterna beskriver en namngiven väljares \
        funktionsnedsättning.\n";
    let v = verdict_of(release);
    assert!(
        v.special_categories.is_empty(),
        "{:?}",
        v.special_categories
    );
    assert!(
        !v.secrecy,
        "the applicant for the records is not their subject"
    );
    let named = "I texten stod att Lisa Ahlberg har diabetes, men inte hennes personnummer.\n";
    assert!(!verdict_of(named).special_categories.is_empty());
}

/// A secrecy statement under the signature of a letter to a private
/// address marks the letter; the same sentence in a guideline does not.
#[test]
fn a_letters_closing_secrecy_statement_marks_it() {
    let letter = "Sofia Lundberg\nTallstigen 4\n894 32 Norrvik\n\nHej Sofia,\n\nKortet har spärrats.\n\n\
        Vänliga hälsningar\nHelena Strand\n\n----\nUppgifter om enskilds lån omfattas av sekretess \
        enligt 40 kap. 3 § OSL.\n";
    assert!(verdict_of(letter).secrecy);
    let rules = "Riktlinjer för bibliotekets lånekort\n\nLånekortet är personligt.\n\n\
        Uppgifter om enskilds lån omfattas av sekretess enligt 40 kap. 3 § OSL.\n";
    assert!(!verdict_of(rules).secrecy);
}

/// An address in a block that names an organisation first is the
/// organisation's; a name between them makes it that person's.
#[test]
fn an_organisations_letterhead_or_signature_holds_its_own_address() {
    let has_address = |text: &str| {
        verdict_of(text)
            .personal_data
            .contains(&"address".to_string())
    };
    let invoice = "NORRVIKS ENTREPRENAD AB                       FAKTURA\nHamnvägen 40, 135 70 Sandhamra\n\
        Org.nr 556742-1189\n\nFakturanummer: 2025-1187\n";
    assert!(!has_address(invoice));
    let signature = "Vänliga hälsningar\n\nMikael Strand\nSäljansvarig\nTalvik Solutions AB | Org.nr 556843-2291\n\
        Mobil 070-318 45 62\nSveavägen 91, 113 50 Stockholm\n";
    assert!(!has_address(signature));
    let letter = "Lindåsa kommun\nVård- och omsorgsförvaltningen\nErik Lundgren\nSjövägen 18\n799 31 Lindåsa\n\n\
        Ny avgift för din hemtjänst\n";
    assert!(has_address(letter), "the letter's recipient");
}

/// A share of the applicants is a statistic, not a person.
#[test]
fn a_share_of_people_is_no_one() {
    let stats = "Den vanligaste orsaken är nedsatt rörelseförmåga, och ungefär var tredje \
        sökande använder rullstol.\n";
    assert!(verdict_of(stats).special_categories.is_empty());
    let one = "Ansökan om färdtjänst från Per Holm\n\nSökande använder rullstol sedan olyckan.\n";
    assert!(!verdict_of(one).special_categories.is_empty());
}

/// A footnote about those who have protected identities, last in a
/// register of officials' addresses, marks nothing.
#[test]
fn a_closing_footnote_on_protected_identities_is_no_statement() {
    let register = "Förtroendemannaregister\n\nAnna Berg\nStorgatan 4\n123 45 Ås\n\n\
        Förtroendevald som har skyddade personuppgifter visas utan adress.\n";
    assert!(!verdict_of(register).secrecy);
}

#[test]
fn a_title_in_the_properties_is_no_sentence_with_the_authors_name() {
    let parts = vec![
        TextPart::new(
            PartKind::Body,
            "Lektionsplanering demokrati\n\nVi läser om riksdagen.\n",
        ),
        TextPart::new(
            PartKind::Metadata,
            "dc:title: Lektionsplanering demokrati åk 8\ndc:creator: Maria Lindqvist\n",
        ),
    ];
    let verdict = verdict_of_parts(parts, Format::Docx, "plan.docx");
    assert!(
        verdict.special_categories.is_empty(),
        "{:?}",
        verdict.special_categories
    );
}

#[test]
fn a_parents_mail_to_the_school_nurse_is_the_childs_secret_case() {
    let mail = "Från: Karin Ek <karin.ek@example.com>\nTill: elevhalsan.norra@lovsjo.se\n\
                Ämne: Leo och astman\n\nHej skolsköterskan!\n\nLeo Ek börjar i 3A nästa vecka. \
                Han har astma och tar medicin före idrotten.\n\nKarin Ek\n";
    let verdict = verdict_of(mail);
    assert!(verdict.secrecy, "{:?}", verdict.reasons);
    assert!(verdict.special_categories.contains(&"child".to_owned()));
    let newsletter =
        "Till: alla vårdnadshavare\n\nElevhälsan hälsar välkommen till ett nytt läsår.\n";
    assert!(!verdict_of(newsletter).secrecy);
}

#[test]
fn a_name_in_the_paragraph_under_a_table_of_places_owns_no_address() {
    let newsletter = "Städdagar i maj\n\nCentrum\tsöndag 18 maj\tStorgatan 14, innergården\n\
                      Ny bovärd\nFredrik Sundin har börjat som bovärd i Tallbacken och kommer närmast \
                      från fastighetsskötseln i Sundsby, där han arbetat i tolv år.\n";
    let verdict = verdict_of(newsletter);
    assert!(
        !verdict.personal_data.contains(&"address".to_owned()),
        "{:?}",
        verdict.personal_data
    );
    let block = "Fredrik Sundin\nStorgatan 14\n";
    assert!(
        verdict_of(block)
            .personal_data
            .contains(&"address".to_owned())
    );
}

#[test]
fn an_organisations_long_contact_line_holds_its_own_address() {
    let letterhead = "Räddningstjänsten Ekeryd · Brandstationsvägen 2, 578 20 Ekeryd · Växel 0980-319 200 · raddning@ekeryd.se\n\n\
                      Tillsynsprotokoll\n";
    let verdict = verdict_of(letterhead);
    assert!(
        !verdict.personal_data.contains(&"address".to_owned()),
        "{:?}",
        verdict.personal_data
    );
}

#[test]
fn a_landlords_notice_received_by_the_social_services_is_secret_without_a_category() {
    let notice = "UNDERRÄTTELSE TILL SOCIALNÄMNDEN\nenligt 12 kap. 44 § jordabalken\n\n\
                  Hyresgäst: Maria Lindqvist, 860914-2388\nHyresskuld: 24 300 kr\n";
    let verdict = verdict_of(notice);
    assert!(verdict.secrecy, "{:?}", verdict.reasons);
    assert!(
        verdict.special_categories.is_empty(),
        "{:?}",
        verdict.special_categories
    );
    let letter = "Uppsägning av hyresavtal\n\nTill Maria Lindqvist, 860914-2388\n\n\
                  Vi har samtidigt skickat en underrättelse till socialnämnden.\n";
    let verdict = verdict_of(letter);
    assert!(
        !verdict.secrecy && verdict.special_categories.is_empty(),
        "{:?}",
        verdict.reasons
    );
}

#[test]
fn a_question_put_on_the_line_above_is_still_the_representatives_act() {
    let minutes = "Interpellationsdebatt om hemtjänsten\n\
                   Patrik Hedlund (SD) hade ställt en interpellation till socialnämndens ordförande\n\
                   Hanna Sundqvist (S) om att hemtjänstens brukare möter alltför många medarbetare.\n";
    assert!(special_of(minutes).is_empty(), "{:?}", special_of(minutes));
    let debate = "Lars-Erik Dahl (KD) efterlyste ett tydligare mått för brukare med demens.\n";
    assert!(special_of(debate).is_empty(), "{:?}", special_of(debate));
    let case = "Anteckning\nHanna Sundqvist har hemtjänst sedan mars.\n";
    assert_eq!(special_of(case), ["social-care"]);
}

#[test]
fn a_decision_quoting_the_harm_test_over_lines_is_about_no_one() {
    let decision = "Beslut om utlämnande\n\nEnligt 21 kap. 1 § OSL gäller sekretess för uppgift som rör en enskilds hälsa eller\n\
                    sexualliv, såsom uppgifter om sjukdomar, missbruk eller sexuell läggning, om det\n\
                    måste antas att den enskilde eller\nnågon närstående till denne kommer att lida betydande men om uppgiften röjs.\n";
    let verdict = verdict_of(decision);
    assert!(
        verdict.special_categories.is_empty(),
        "{:?}",
        verdict.special_categories
    );
    let tender = "Skäl för beslutet\nEnligt 31 kap. 16 § OSL gäller sekretess för uppgift om en enskilds \
                  affärsförhållanden, om det kan antas att den enskilde lider skada om uppgiften röjs.\n";
    assert!(
        !verdict_of(tender).secrecy,
        "{:?}",
        verdict_of(tender).reasons
    );
}

#[test]
fn a_property_designation_or_an_organisations_block_is_no_home_even_under_a_label() {
    let minutes = "§ 12 Bygglov. Sökande: Kyrkbacken 2:14 i Tallsjö.\n";
    assert!(
        !verdict_of(minutes)
            .personal_data
            .contains(&"address".to_owned())
    );
    let config = "[organisation]\nnamn = Tallsjö kommun\norgnr = 212000-2536\nadress = Storgatan 20, 846 80 Tallsjö\n";
    assert!(
        !verdict_of(config)
            .personal_data
            .contains(&"address".to_owned())
    );
    let report = "Fastighet: Ekeby Granen 2\nAdress: Granitvägen 3, lgh 1102 (hyresgäst Johanna Wikström)\n\
                  Fastighetsägare: Ekebyhem AB, org.nr 556781-2341, Box 214, 744 21 Ekeby\n";
    assert!(
        verdict_of(report)
            .personal_data
            .contains(&"address".to_owned())
    );
    let leaflet = "Kontakt\nÖverförmyndarnämnden, Storgatan 12, 734 30 Vallby\n";
    assert!(
        !verdict_of(leaflet)
            .personal_data
            .contains(&"address".to_owned())
    );
    let decision = "Sökande Tyra Hult\nAdress Linnégatan 25, 534 99 Älvstad\nBeslut\n\
                    Byggnadsnämnden beviljar bygglov med stöd av 9 kap. 30 § plan- och bygglagen.\n";
    let verdict = verdict_of(decision);
    assert!(verdict.personal_data.contains(&"address".to_owned()));
}

#[test]
fn a_writer_speaking_of_many_children_tells_nothing_of_themselves() {
    let mail = "Hej!\n\nJag vet att många barn har allergier och att några inte äter fläsk av religiösa skäl.\n";
    assert!(special_of(mail).is_empty(), "{:?}", special_of(mail));
    let own = "Hej!\n\nJag har allergier och kan inte äta nötter.\n";
    assert_eq!(special_of(own), ["health"]);
}

#[test]
fn an_appeal_of_the_social_services_decision_is_the_writers_secret_case() {
    let appeal = "ÖVERKLAGANDE\nNamn: Jennifer Åkesson\n\nJag överklagar beslutet från socialtjänsten som jag fick den 11 mars 2025.\n";
    let verdict = verdict_of(appeal);
    assert_eq!(verdict.special_categories, ["social-care"]);
    assert!(verdict.secrecy);
}

/// A speech to a hall of pensioners speaks of "er hemtjänst": everyone's.
/// A letter that greets its readers by name speaks of theirs.
#[test]
fn a_plural_you_in_a_speech_is_the_audience() {
    let speech = "Tal på seniordagen\nGöran Lindahl (S), ordförande\n\n\
        Jag vet att många av er är oroliga: ingen dator kommer att bestämma om er hemtjänst.\n";
    assert!(special_of(speech).is_empty(), "{:?}", special_of(speech));
    let letter = "Hej Anna och Per Ek,\n\nEr ansökan har kommit in. Vi har beslutat om er hemtjänst \
        från den 1 maj.\n";
    assert_eq!(special_of(letter), ["social-care"]);
}

/// A staff portrait names the employee's workplace in care, and the
/// field she trained in: neither is anyone's care or health.
#[test]
fn a_staff_portrait_is_about_an_employee() {
    let portrait = "Möt medarbetaren – Instagram\n\nBild: Leila i hemtjänstens bil.\n\n\
        Möt Leila Haddad, undersköterska i hemtjänsten sedan 2017. Hon har nyligen gått en \
        vidareutbildning i demensvård.\n";
    assert!(
        special_of(portrait).is_empty(),
        "{:?}",
        special_of(portrait)
    );
}

/// A configuration file's form labels ask about illness; they tell
/// nothing of anyone.
#[test]
fn a_configuration_files_form_labels_are_about_no_one() {
    let yaml = include_str!(
        "../../../fixtures/probes/h38/docs/IT/E-tjänster/fardtjanst-etjanst/config/formular.yaml"
    );
    let v = verdict_of(yaml);
    assert!(v.special_categories.is_empty() && !v.secrecy, "{v:?}");
}

/// A count among a group ("Antalet avslag på färdtjänst ökade mest bland
/// sökande 20–64 år") is a statistic, not a case.
#[test]
fn a_count_among_applicants_is_a_statistic() {
    let stats = "Tillståndsstatistik 2024\n\nFärdtjänst: 412 beslut.\n\nKommentar: Antalet avslag på \
        färdtjänst ökade mest bland sökande 20–64 år.\n";
    assert!(!verdict_of(stats).secrecy);
}

/// An organisation named right before a street on its line owns the
/// address; a person named there lives at it.
#[test]
fn an_address_after_an_organisations_name_is_its_own() {
    let form = "Ansökan om tillstånd\n\nSkicka ansökan till Räddningstjänsten Åsbro, \
        Brandstationsvägen 4, 745 32 Åsbro, eller via e-tjänsten.\n";
    assert!(
        !verdict_of(form)
            .personal_data
            .contains(&"address".to_string())
    );
    // Paired committee names: "Kultur- och fritidsförvaltningen", "Barn-
    // och utbildningsnämnden".
    for office in [
        "Kultur- och fritidsförvaltningen",
        "Barn- och utbildningsnämnden",
    ] {
        let footer = format!("Strategi 2025\n\nKontakt: {office}, Storgatan 21, 269 30 Sjöbacka\n");
        let v = verdict_of(&footer);
        assert!(
            !v.personal_data.contains(&"address".to_string()),
            "{office}"
        );
    }
    let visit = "Minnesanteckning\n\nBesök hos Bertil Sandberg, Solhemsvägen 9, 745 31 Åsbro.\n";
    assert!(
        verdict_of(visit)
            .personal_data
            .contains(&"address".to_string())
    );
}

/// Notes naming their subject by a role in brackets are about that
/// person throughout; a police notice under LOB is about the man it names.
#[test]
fn a_subject_named_with_a_role_in_brackets_is_the_notes_subject() {
    let notes = "Uppföljning 12/3\nNärvarande: Emma Sjöberg (deltagare), Niklas Berg (coach)\n\n\
        - Ekonomiskt bistånd: handläggaren vill ha närvarorapport varje månad.\n";
    assert_eq!(special_of(notes), ["social-care"]);
    let lob = "UNDERRÄTTELSE TILL SOCIALNÄMNDEN\nOmhändertagande enligt LOB\n\nNamn: Kenneth Lundgren\nPersonnummer: 660930-7712\n\n\
        Patrullen fann mannen vid busstationen. Han luktade starkt av alkohol och var kraftigt berusad.\n";
    assert_eq!(special_of(lob), ["health", "social-care"]);
}

/// A report that names no one speaks of "barnet" and "patienten" as
/// anyone; the same sentence in a case note about a named child is hers.
#[test]
fn a_report_that_names_no_one_ties_nothing_to_its_child() {
    let report = "Granskning av placeringar\n\nRevisionen har läst 20 akter. Rutinen anger att \
        socialsekreteraren ska besöka barnet minst fyra gånger per år och att barnet ska samtalas \
        med enskilt. Barnet har träffats enskilt vid uppföljning i 12 av 20 akter.\n";
    assert!(special_of(report).is_empty(), "{:?}", special_of(report));
    let note = "Anteckning om Wilma Berg\n\nBarnet placerades i familjehem i mars.\n";
    assert!(!special_of(note).is_empty());
}

/// An answer to an interpellation: its "jag" is the chair answering in
/// office; the same words in a resident's letter are her own.
#[test]
fn the_chair_answering_an_interpellation_speaks_in_office() {
    let answer = "SVAR PÅ INTERPELLATION\n\nTill Sara Abdi (V)\n\nJag delar uppfattningen att tiden \
        för förhandsbedömning efter en orosanmälan inte är en administrativ detalj.\n";
    assert!(special_of(answer).is_empty(), "{:?}", special_of(answer));
    let letter = answer.replace("SVAR PÅ INTERPELLATION", "Brev från Sara Abdi");
    assert!(!special_of(&letter).is_empty());
}

/// "lex Maria" is a law, not a woman named in the sentence before.
#[test]
fn a_law_named_after_a_person_names_no_one() {
    let report = "Patientsäkerhetsberättelse 2024\n\nUpprättad av Karin Sjöberg, MAS.\n\n\
        Två händelser har anmälts till IVO enligt lex Maria. Båda rörde läkemedelshantering \
        och har utretts med händelseanalys.\n";
    assert!(special_of(report).is_empty(), "{:?}", special_of(report));
}

/// An agenda's numbered items are separate matters: the councillor named in
/// item 7 is not the subject of item 8's health centre, and the stop after
/// an item's number ends no sentence.
#[test]
fn an_agenda_item_does_not_carry_over_the_name_in_the_item_above() {
    let agenda = "Ärenden\n\n 7. Entledigande av Ulrika Ek (C) från uppdrag som ledamot\n \
        8. Anmälan av medborgarförslag om parkering vid vårdcentralen   KS 2025/097\n \
        9. Svar på motion om skolbibliotek                        KS 2024/288\n";
    assert!(special_of(agenda).is_empty(), "{:?}", special_of(agenda));
    let notes = "Samtal med Ulrika Ek om hennes arbetssituation. Hon är sjukskriven sedan mars.\n";
    assert_eq!(special_of(notes), ["health"]);
}

/// A letter translated into English speaks to its named reader as a
/// Swedish one does: "your daughter … (10 years old)" is her child.
#[test]
fn an_english_letter_to_a_named_parent_is_about_her_child() {
    let letter = "Olena Kovalenko\nBjörkgatan 3 B\n269 34 Sjöbacka\n\nDear Olena Kovalenko,\n\
        We are pleased to offer your daughter Sofiia Kovalenko (10 years old) a place in \
        piano lessons from the autumn term.\n";
    assert_eq!(special_of(letter), ["child"]);
    let leaflet = "Piano lessons\n\nWe offer your child a place in the queue.\n";
    assert!(special_of(leaflet).is_empty(), "{:?}", special_of(leaflet));
}

/// A job title after a name says who writes or attends: meeting notes with
/// a social worker among those present and counts alone are no case file;
/// a school nurse's signed note on a pupil's health is one.
#[test]
fn a_title_after_a_name_marks_a_case_only_where_someone_s_data_is() {
    let meeting = "Minnesanteckningar samverkan 2025-06-11\n\nNärvarande:\n\
        Jenny Holmberg, socialsekreterare (socialtjänsten)\nPer Lund, förvaltare\n\n\
        Antalet hushåll med hyresskuld har minskat från 14 till 9 sedan i vintras.\n";
    assert!(!verdict_of(meeting).secrecy);
    let note = "Anteckning 2025-03-04\n\nKalle Ek i 3B kom till mottagningen med ont i \
        magen. Vi pratade om sömnen.\n\nAnnika Berg, skolsköterska\n";
    assert!(verdict_of(note).secrecy);
}

/// The title may come with more words and the unit: "Eva Nordin,
/// skolsköterska, Elevhälsan" signs a letter to all guardians; "Karin
/// Sjöberg, medicinskt ledningsansvarig skolsköterska" signs a yearly
/// report. Neither is anyone's case.
#[test]
fn a_title_and_unit_after_a_name_is_a_signature() {
    let letter = "Information om HPV-vaccination i åk 5\n\nTill vårdnadshavare\n\n\
        Under hösten erbjuds alla elever i årskurs 5 vaccination mot HPV.\n\n\
        Eva Nordin, skolsköterska, Elevhälsan, Barn- och utbildningsförvaltningen\n";
    assert!(!verdict_of(letter).secrecy);
    let report = "Patientsäkerhetsberättelse 2024\n\nUpprättad av Karin Sjöberg, medicinskt \
        ledningsansvarig skolsköterska\n\nUnder året rapporterades 4 avvikelser.\n";
    assert!(!verdict_of(report).secrecy);
}

/// "Liv & hälsa ung" is a survey, not a girl named Liv: the elevhälsa in
/// the sentence after it is the unit, not her case.
#[test]
fn a_title_joined_by_an_ampersand_names_no_one() {
    let text = "Folkhälsa\n\nEnkäten Liv & hälsa ung visar en försämring av den psykiska hälsan \
        bland flickor. Elevhälsan har därför fått en tjänst som skolpsykolog.\n";
    assert!(!verdict_of(text).secrecy);
    let named = text.replace("Enkäten Liv & hälsa ung visar", "Liv i 8B visar");
    assert!(verdict_of(&named).secrecy);
}

/// A sensitive word denied where it stands says nothing of anyone's
/// health: "Han har inga allergier". "Utan rollator" is no denial: she
/// needs one.
#[test]
fn a_denied_condition_is_no_health_data() {
    let mail = "Hej!\n\nMin son Dara Karimi går på Ekbackens förskola.\n\
        Han har inga allergier.\n\nMvh Sara Karimi\n";
    assert!(
        !special_of(mail).contains(&"health".to_owned()),
        "{:?}",
        special_of(mail)
    );
    let allergic = mail.replace("inga allergier", "svår nötallergi");
    assert!(special_of(&allergic).contains(&"health".to_owned()));
    let walker = "Beslut\n\nAnna Lindberg har svårt att gå utan rollator.\n";
    assert!(special_of(walker).contains(&"health".to_owned()));
    // An injury: "fick ont i handleden".
    let fall = "Avvikelse\n\nAstrid Lund (åk 4) halkade och fick ont i handleden.\n";
    assert!(
        special_of(fall).contains(&"health".to_owned()),
        "{:?}",
        special_of(fall)
    );
}

#[test]
fn a_phone_beside_a_shared_mailbox_or_an_org_number_is_the_organisations() {
    let footer = "Faktura 2500319\n\nBetala till bankgiro 5312-0448.\n\
        Hjortviks kommun, Kyrkogårdsförvaltningen · org.nr 212000-2478 · kyrkogard@hjortvik.se · 0652-160 70\n";
    assert!(
        !verdict_of(footer)
            .personal_data
            .contains(&"phone".to_string())
    );
    // Someone's mobile before the mailbox to try instead is theirs.
    let own = "Frågor om boten ställs till Ola Berg\n(systemförvaltare), mobil 072-384 19 55. \
        Annars servicedesk@hjortvik.se.\n";
    assert!(verdict_of(own).personal_data.contains(&"phone".to_string()));
    // So is a number on a line with the person's own address.
    let mail = "Kontakt: 070-331 82 19, anna.berg@hjortvik.se\n";
    assert!(
        verdict_of(mail)
            .personal_data
            .contains(&"phone".to_string())
    );
}

#[test]
fn a_manager_signing_a_care_decision_is_not_its_client() {
    let list = "Anmälan av delegationsbeslut mars 2025\n\n\
        2025-03-18 Avtal om köp av plats på korttidsboende, ramavtal Magnus Tell, socialchef\n";
    let v = verdict_of(list);
    assert!(v.special_categories.is_empty(), "{v:?}");
    assert!(!v.secrecy);
    // The client named beside the care is still its client.
    let decision = "Beslut 2025-03-18\n\nMagnus Tell beviljas plats på korttidsboende.\n";
    assert!(
        verdict_of(decision)
            .special_categories
            .contains(&"social-care".to_string())
    );
}

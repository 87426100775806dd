namespace Charta.Core.Ledger;

/// <summary>
/// The charter is amended (e.g. to create a new series for a financing, `charta model round --commit`): the full
/// amended document travels in the event, as in <see cref="CompanyCreated"/>. Every class of the charter in force is
/// kept with the same terms; new series start at their initial conversion price; the authorized numbers must cover
/// what is issued, retired and reserved. <paramref name="Approval"/> records the consents and the filing.
/// <para>v2 (`charta amend charter`): an existing series' terms may change too, and the preferred's consent the charter's
/// protective provisions require is checked when <paramref name="ConsentsChecked"/> is true: a new series authorizes
/// shares on a parity with or senior to the preferred (the senior-security covenant); a change of an existing series'
/// terms is read as adverse to it (the adverse-amendment covenant, and any series class vote on it).
/// <paramref name="Consent"/> is the consent record. v1 events (and `model round --commit`, whose model checks its own
/// consents) read with <paramref name="ConsentsChecked"/> null: only new series, no write-time check.</para>
/// </summary>
[EventType("charter-amended", 2)]
[EventType("charter-amended", 1)]
public sealed record CharterAmended(DateOnly Date, string CharterJson, string Reason, string? Approval = null,
    ConsentRecord? Consent = null, bool? ConsentsChecked = null) : LedgerEvent(Date);

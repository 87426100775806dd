namespace Charta.Core.Ledger;

/// <summary>
/// The charter is amended (e.g. to create a new series for a financing, `charta model round --commit`): the full
/// amended document travels in the event, as in <see cref="CompanyCreated"/>. Every class of the charter in force is
/// kept with the same terms; new series start at their initial conversion price; the authorized numbers must cover
/// what is issued, retired and reserved. <paramref name="Approval"/> records the consents and the filing.
/// </summary>
[EventType("charter-amended", 1)]
public sealed record CharterAmended(DateOnly Date, string CharterJson, string Reason, string? Approval = null) : LedgerEvent(Date);

using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>The register: the company (its charter) and its stakeholders.</summary>
internal sealed partial class LedgerEditor
{
    private Refusal? Decide(CompanyCreated e)
    {
        if (_charter is not null) return new Refusal("company", e.CharterId, "the ledger already has a company");
        var loaded = CharterLoader.Load(e.CharterJson, e.CharterId);
        return loaded.IsOk ? null : loaded.Refusal;
    }

    private void Evolve(CompanyCreated e)
    {
        _charter = CharterLoader.Load(e.CharterJson, e.CharterId).Value;
        _charterId = e.CharterId;
        _incorporatedOn = e.IncorporatedOn;
        foreach (var s in _charter.Series) SetPrice(s.Id, s.InitialConversionPrice.Value);
    }

    private Refusal? Decide(StakeholderAdded e)
    {
        if (string.IsNullOrWhiteSpace(e.Name)) return new Refusal("name", $"'{e.Name}'", "a stakeholder needs a name");
        if (e.Name != e.Name.Trim()) return new Refusal("name", $"'{e.Name}'", "must not start or end with spaces");
        // Every path into the ledger (CLI, OCF, the server) meets the same name rules: NFC, 1–200 characters, no
        // control or bidi-override characters. A name not in NFC is refused here, not silently normalized, so that the
        // recorded event and the register agree.
        var parsed = Names.StakeholderName.Parse("name", e.Name);
        if (!parsed.IsOk) return parsed.Refusal;
        if (parsed.Value.Value != e.Name)
            return new Refusal("name", Names.StakeholderName.Preview(e.Name), "is not in Unicode NFC; record the name in its composed form (the CLI and the OCF import do this for you)");
        if (_holderFold.TryGetValue(e.Name, out var existing))
            return new Refusal("name", e.Name, $"a stakeholder named '{existing}' already exists");
        return null;
    }

    private void Evolve(StakeholderAdded e)
    {
        _holders.Add(e.Name);
        _holderKinds[e.Name] = e.Kind;
        _holderFold[e.Name] = e.Name;
    }
}

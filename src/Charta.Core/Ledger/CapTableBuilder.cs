using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>
/// The accumulator of the fold. It is mutable for speed (a million events fold in one pass) but private to
/// <see cref="Fold"/>: callers only ever see immutable <see cref="CapTable"/> snapshots, so the fold stays pure.
/// Each <c>Apply</c> first checks the event against the state (returning a <see cref="Refusal"/> and changing
/// nothing), then evolves the state.
/// </summary>
internal sealed partial class CapTableBuilder
{
    private CharterDocument? _charter;
    private string _charterId = "";
    private DateOnly? _incorporatedOn;
    private readonly List<string> _holders = [];
    private readonly Dictionary<string, string?> _holderKinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _holderFold = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Holder, string Security), long> _positions = new();
    private readonly Dictionary<string, long> _outstanding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _retired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _conversionPrices = new(StringComparer.Ordinal);
    private readonly List<ConversionPriceChange> _cpHistory = [];
    private readonly Dictionary<string, DateOnly> _firstIssue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _declaredUnpaid = new(StringComparer.Ordinal);
    // Running reservations (outstanding instrument shares) per underlying class, so §6(i) checks are O(series).
    private readonly Dictionary<string, long> _instrumentReserved = new(StringComparer.Ordinal);
    private long _eventCount;
    private long _currentSequence;

    public CharterDocument Charter => _charter ?? throw new InvalidOperationException("the ledger has no company-created event");

    public bool HasCompany => _charter is not null;

    public CapTable Freeze(DateOnly? asOf) => new(
        Charter, _charterId, _incorporatedOn, asOf,
        _holders.ToArray(),
        new Dictionary<string, string?>(_holderKinds, StringComparer.Ordinal),
        new Dictionary<(string, string), long>(_positions),
        new Dictionary<string, long>(_outstanding, StringComparer.Ordinal),
        new Dictionary<string, long>(_retired, StringComparer.Ordinal),
        new Dictionary<string, Instrument>(_instruments, StringComparer.Ordinal),
        new Dictionary<string, decimal>(_conversionPrices, StringComparer.Ordinal),
        _cpHistory.ToArray(),
        new Dictionary<string, DateOnly>(_firstIssue, StringComparer.Ordinal),
        new Dictionary<string, decimal>(_declaredUnpaid, StringComparer.Ordinal),
        _eventCount)
        {
            ConversionState = _ad.Clone(),
            Dividends = new Dictionary<string, DeclaredDividend>(_dividends, StringComparer.Ordinal),
            Vesting = new Dictionary<string, VestingSchedule>(_vesting, StringComparer.Ordinal),
            Plans = new Dictionary<string, PlanReserve>(_plans, StringComparer.Ordinal),
            Convertibles = new Dictionary<string, ConvertibleNote>(_convertibles, StringComparer.Ordinal),
            Outcomes = new Dictionary<(long Event, string Holder), StoredOutcome>(_outcomes),
        };

    /// <summary>Rebuilds an accumulator from a snapshot (for the single-step <see cref="Fold.Evolve"/>).</summary>
    public static CapTableBuilder From(CapTable t)
    {
        var b = new CapTableBuilder { _charter = t.Charter, _charterId = t.CharterId, _incorporatedOn = t.IncorporatedOn, _eventCount = t.EventCount };
        foreach (var h in t.Holders)
        {
            b._holders.Add(h);
            b._holderKinds[h] = t.HolderKinds[h];
            b._holderFold[h] = h;
        }

        foreach (var kv in t.Positions) b._positions[kv.Key] = kv.Value;
        foreach (var kv in t.OutstandingByClass) b._outstanding[kv.Key] = kv.Value;
        foreach (var kv in t.RetiredByConversion) b._retired[kv.Key] = kv.Value;
        foreach (var kv in t.Instruments)
        {
            b._instruments[kv.Key] = kv.Value;
            b.AddReserved(kv.Value.Underlying, kv.Value.Outstanding);
        }

        foreach (var kv in t.ConversionPrices) b._conversionPrices[kv.Key] = kv.Value;
        b._cpHistory.AddRange(t.ConversionPriceHistory);
        foreach (var kv in t.FirstIssueDates) b._firstIssue[kv.Key] = kv.Value;
        foreach (var kv in t.DeclaredUnpaidDividendsPerShare) b._declaredUnpaid[kv.Key] = kv.Value;
        b.FromOcf(t);
        b._ad = t.ConversionState.Clone();
        foreach (var kv in t.Dividends) b._dividends[kv.Key] = kv.Value;
        foreach (var kv in t.Outcomes) b._outcomes[kv.Key] = kv.Value;
        return b;
    }

    /// <summary>Checks the event against the current state and, if it is allowed, applies it.</summary>
    public Refusal? Apply(RecordedEvent recorded)
    {
        var e = recorded.Event;
        _currentSequence = recorded.Sequence;
        _currentEvent = e;
        if (e is not CompanyCreated && _charter is null)
            return new Refusal("event", EventCatalog.NameOf(e).Name, "the ledger has no company yet: run 'charta init' first");
        if (!e.IsRegistry && _incorporatedOn is { } inc && e.Date < inc)
            return new Refusal("date", Iso(e.Date), $"is before the incorporation date {Iso(inc)}");

        var refusal = e switch
        {
            CompanyCreated x => Apply(x),
            StakeholderAdded x => Apply(x),
            SharesIssued x => Apply(x),
            InstrumentGranted x => Apply(x),
            InstrumentExercised x => Apply(x),
            InstrumentExpired x => Apply(x),
            InstrumentCancelled x => Apply(x),
            SharesTransferred x => Apply(x),
            SharesCancelled x => Apply(x),
            PreferredConverted x => Apply(x),
            StockSplit x => Apply(x),
            AuthorizedSharesChanged x => Apply(x),
            ConversionPriceSet x => Apply(x),
            VestingScheduled x => Apply(x),
            VestingAccelerated x => Apply(x),
            PlanReserveSet x => Apply(x),
            ConvertibleIssued x => Apply(x),
            ConvertibleClosed x => Apply(x),
            SharesReissued x => Apply(x),
            InstrumentRepriced x => Apply(x),
            RegistrationFiled x => Apply(x),
            PublicOfferingClosed x => Apply(x),
            PreferredConversionVoted x => Apply(x),
            OtherSecuritiesDistributed x => Apply(x),
            CommonReclassified x => Apply(x),
            SharesIssuedForMixedConsideration x => Apply(x),
            DividendDeclared x => Apply(x),
            DividendPaid x => Apply(x),
            ConversionCorrected x => Apply(x),
            DividendCorrected x => Apply(x),
            EventVoided => new Refusal("event", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "a void is applied before the fold (Fold.TryDecide), not as a step"),
            _ => throw new InvalidOperationException($"the fold has no rule for event {e.GetType().Name}"),
        };
        if (refusal is null) _eventCount++;
        return refusal;
    }

    // ---- registry -------------------------------------------------------------------------------------------

    private Refusal? Apply(CompanyCreated e)
    {
        if (_charter is not null) return new Refusal("company", e.CharterId, "the ledger already has a company");
        var loaded = CharterLoader.Load(e.CharterJson, e.CharterId);
        if (!loaded.IsOk) return loaded.Refusal;
        _charter = loaded.Value;
        _charterId = e.CharterId;
        _incorporatedOn = e.IncorporatedOn;
        foreach (var s in _charter.Series) _conversionPrices[s.Id] = s.InitialConversionPrice.Value;
        return null;
    }

    private Refusal? Apply(StakeholderAdded e)
    {
        if (string.IsNullOrWhiteSpace(e.Name)) return new Refusal("name", $"'{e.Name}'", "a stakeholder needs a name");
        if (e.Name != e.Name.Trim()) return new Refusal("name", $"'{e.Name}'", "must not start or end with spaces");
        if (_holderFold.TryGetValue(e.Name, out var existing))
            return new Refusal("name", e.Name, $"a stakeholder named '{existing}' already exists");
        _holders.Add(e.Name);
        _holderKinds[e.Name] = e.Kind;
        _holderFold[e.Name] = e.Name;
        return null;
    }

    // ---- issuance -------------------------------------------------------------------------------------------

    private Refusal? Apply(SharesIssued e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (CheckSecurity("security", e.Security) is { } r2) return r2;
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.PricePerShare < 0) return new Refusal("price", Px(e.PricePerShare), "must not be negative", CiteUnder(Charter.AntiDilution?.Clause, "FOURTH §6(d)", "FOURTH §6(d)(v)"));
        if (e.ConsiderationKind is not ("cash" or "property"))
            return new Refusal("consideration", e.ConsiderationKind, "must be 'cash' or 'property'", CiteUnder(Charter.AntiDilution?.Clause, "FOURTH §6(d)", "FOURTH §6(d)(v)(A)"));
        if (CheckExclusion(e.Exclusion, e.Approval) is { } r3) return r3;
        if (CheckAuthorized(e.Security, e.Shares, 0, "shares") is { } r4) return r4;

        OnSharesIssued(e);
        AddPosition(e.Holder, e.Security, e.Shares);
        _firstIssue.TryAdd(e.Security, e.Date);
        return null;
    }

    private Refusal? Apply(InstrumentGranted e)
    {
        if (string.IsNullOrWhiteSpace(e.GrantId)) return new Refusal("id", $"'{e.GrantId}'", "an instrument needs an id");
        if (_instruments.ContainsKey(e.GrantId)) return new Refusal("id", e.GrantId, "an instrument with this id already exists");
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (e.Kind is not ("option" or "warrant" or "convertible"))
            return new Refusal("kind", e.Kind, "must be option, warrant or convertible", CiteUnder(Charter.AntiDilution?.Clause, "FOURTH §6(d)", "FOURTH §6(d)(i)(A)"));
        if (CheckSecurity("security", e.Underlying) is { } r2) return r2;
        if (e.MaxShares <= 0) return new Refusal("shares", N(e.MaxShares), "must be a positive number of shares");
        if (e.ExercisePrice < 0) return new Refusal("price", Px(e.ExercisePrice), "must not be negative");
        if (e.ConsiderationReceived < 0) return new Refusal("consideration", Px(e.ConsiderationReceived), "must not be negative");
        if (e.Expires is { } x && x <= e.Date) return new Refusal("expires", Iso(x), $"must be after the grant date {Iso(e.Date)}");
        if (CheckExclusion(e.Exclusion, e.Approval) is { } r3) return r3;
        if (CheckAuthorized(e.Underlying, 0, e.MaxShares, "shares") is { } r4) return r4;

        OnInstrumentGranted(e);
        _instruments[e.GrantId] = new Instrument(e.GrantId, e.Holder, e.Kind, e.Underlying, e.Date, e.Expires,
            e.MaxShares, e.ExercisePrice, e.ConsiderationReceived, e.Exclusion, e.Approval,
            Outstanding: e.MaxShares, ExercisePrice: e.ExercisePrice, Exercised: 0, Cancelled: 0, Expired: 0);
        AddReserved(e.Underlying, e.MaxShares);
        return null;
    }

    private Refusal? Apply(InstrumentExercised e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (i.IsExpiredOn(e.Date)) return new Refusal("date", Iso(e.Date), $"instrument {i.GrantId} expired on {Iso(i.Expires!.Value)}");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        if (e.Shares > i.Outstanding)
            return new Refusal("shares", N(e.Shares), $"instrument {i.GrantId} has only {N(i.Outstanding)} shares left to exercise");

        // The shares were reserved when the instrument was granted, so the authorized checks net to zero.
        AddReserved(i.Underlying, -e.Shares);
        _instruments[i.GrantId] = i with { Outstanding = i.Outstanding - e.Shares, Exercised = i.Exercised + e.Shares };
        AddPosition(i.Holder, i.Underlying, e.Shares);
        _firstIssue.TryAdd(i.Underlying, e.Date);
        OnInstrumentExercised(i, e);
        return null;
    }

    private Refusal? Apply(InstrumentExpired e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (i.Outstanding == 0) return new Refusal("id", e.GrantId, "has nothing left to expire");
        if (i.Expires is { } x && e.Date < x)
            return new Refusal("date", Iso(e.Date), $"instrument {i.GrantId} does not expire until {Iso(x)}");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        AddReserved(i.Underlying, -i.Outstanding);
        _instruments[i.GrantId] = i with { Outstanding = 0, Expired = i.Expired + i.Outstanding };
        OnInstrumentExpired(i, e);
        return null;
    }

    private Refusal? Apply(InstrumentCancelled e)
    {
        if (FindInstrument(e.GrantId) is not { } i) return UnknownInstrument(e.GrantId);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.Shares > i.Outstanding)
            return new Refusal("shares", N(e.Shares), $"instrument {i.GrantId} has only {N(i.Outstanding)} shares outstanding");
        if (e.Date < i.GrantedOn) return new Refusal("date", Iso(e.Date), $"is before instrument {i.GrantId} was granted on {Iso(i.GrantedOn)}");
        AddReserved(i.Underlying, -e.Shares);
        _instruments[i.GrantId] = i with { Outstanding = i.Outstanding - e.Shares, Cancelled = i.Cancelled + e.Shares };
        OnInstrumentCancelled(i, e);
        return null;
    }

    // ---- movements ------------------------------------------------------------------------------------------

    private Refusal? Apply(SharesTransferred e)
    {
        if (CheckHolder("from", e.From) is { } r1) return r1;
        if (CheckHolder("to", e.To) is { } r2) return r2;
        if (e.From == e.To) return new Refusal("to", e.To, "is the same holder as 'from'");
        if (CheckSecurity("security", e.Security) is { } r3) return r3;
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        var held = _positions.GetValueOrDefault((e.From, e.Security));
        if (e.Shares > held)
            return new Refusal("shares", N(e.Shares), $"{e.From} holds only {N(held)} shares of {SecurityName(e.Security)} on {Iso(e.Date)}");
        AddPosition(e.From, e.Security, -e.Shares, countOutstanding: false);
        AddPosition(e.To, e.Security, e.Shares, countOutstanding: false);
        return null;
    }

    private Refusal? Apply(SharesCancelled e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (CheckSecurity("security", e.Security) is { } r2) return r2;
        if (!Charter.IsCommon(e.Security) && Charter.Redemption is { Redeemable: false } red)
            return new Refusal("security", e.Security, "preferred stock is not redeemable; convert it instead", Clause.Of(red.Clause));
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        var held = _positions.GetValueOrDefault((e.Holder, e.Security));
        if (e.Shares > held)
            return new Refusal("shares", N(e.Shares), $"{e.Holder} holds only {N(held)} shares of {SecurityName(e.Security)} on {Iso(e.Date)}");
        AddPosition(e.Holder, e.Security, -e.Shares);
        return null;
    }

    private Refusal? Apply(PreferredConverted e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (e.Lots.Count == 0) return new Refusal("shares", "0", "a conversion needs at least one series and number of shares");
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        if (e.Mode is not ("voluntary" or "automatic"))
            return new Refusal("mode", e.Mode, "must be voluntary or automatic", CiteUnder(Charter.Conversion?.Optional?.Clause, "FOURTH §6(a)(i)", "FOURTH §6(b)"));
        if (DeriveConversion(e.Holder, e.Lots, e.Date, e.FractionPricePerCommonShare) is not { } derived)
            return _conversionRefusal;
        var recorded = derived;
        if (e.CommonIssued is { } stored)
        {
            if (stored < 0) return new Refusal("common-issued", N(stored), "must not be negative");
            recorded = new HolderConversion(e.Holder, stored, e.CashForFraction ?? 0m);
            Track("conversion", e.Holder, recorded.CommonIssued, derived.CommonIssued, recorded.CashForFraction, derived.CashForFraction);
        }
        else if (IsDeciding)
        {
            Decide(e with { CommonIssued = derived.CommonIssued, CashForFraction = derived.CashForFraction });
            Track("conversion", e.Holder, derived.CommonIssued, derived.CommonIssued, derived.CashForFraction, derived.CashForFraction);
        }

        BookConversion(e.Holder, e.Lots, recorded.CommonIssued);
        return null;
    }

    private Refusal? _conversionRefusal;

    /// <summary>
    /// FOURTH §6(a)(i), §6(g)(i): checks the lots against the holder's positions and derives the common issuable
    /// (Σ shares × OIP ÷ CP, rounded down once) and the cash for the fraction. Null (with the refusal kept) if refused.
    /// </summary>
    private HolderConversion? DeriveConversion(string holder, IReadOnlyList<ConvertedLot> lots, DateOnly date, decimal fractionPrice)
    {
        _conversionRefusal = null;
        if (CheckHolder("holder", holder) is { } r1) return Refused(r1);
        if (lots.Count == 0) return Refused(new Refusal("shares", "0", "a conversion needs at least one series and number of shares"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        decimal exactCommon = 0;
        foreach (var lot in lots)
        {
            var s = Charter.FindSeries(lot.Series);
            if (s is null) return Refused(new Refusal("series", lot.Series, $"is not a preferred series of {Charter.Company} ({string.Join(", ", Charter.Series.Select(x => x.Id))})"));
            if (!seen.Add(lot.Series)) return Refused(new Refusal("series", lot.Series, "appears twice in one conversion"));
            if (lot.Shares <= 0) return Refused(new Refusal("shares", N(lot.Shares), "must be a positive number of shares"));
            var held = _positions.GetValueOrDefault((holder, lot.Series));
            if (lot.Shares > held)
                return Refused(new Refusal("shares", N(lot.Shares), $"{holder} holds only {N(held)} shares of {s.Name} on {Iso(date)}", Cite(Charter.Conversion?.Optional?.Clause)));
            exactCommon += lot.Shares * s.OriginalIssuePrice.Value / _conversionPrices[lot.Series];
        }

        var common = Rounding.RoundDownToWholeShares(exactCommon);
        return new HolderConversion(holder, common, Rounding.FractionCashToNearestCent((exactCommon - common) * fractionPrice));

        HolderConversion? Refused(Refusal r)
        {
            _conversionRefusal = r;
            return null;
        }
    }

    /// <summary>FOURTH §9: the converted preferred is cancelled and not reissuable; the common delivered is booked.</summary>
    private void BookConversion(string holder, IReadOnlyList<ConvertedLot> lots, long common)
    {
        // Converting preferred releases its own reservation, so only the common outstanding limit can bind here.
        foreach (var lot in lots)
        {
            AddPosition(holder, lot.Series, -lot.Shares);
            _retired[lot.Series] = _retired.GetValueOrDefault(lot.Series) + lot.Shares;
        }

        if (common > 0) AddPosition(holder, Charter.Common.Id, common);
    }

    private Refusal? Apply(StockSplit e)
    {
        if (e.Numerator <= 0 || e.Denominator <= 0)
            return new Refusal("ratio", $"{e.Numerator}:{e.Denominator}", "both sides of a split ratio must be positive", Cite(Charter.Conversion?.SplitAdjustment?.Clause));
        if (e.Numerator == e.Denominator)
            return new Refusal("ratio", $"{e.Numerator}:{e.Denominator}", "a 1:1 split changes nothing", Cite(Charter.Conversion?.SplitAdjustment?.Clause));
        var common = Charter.Common.Id;
        var clause = Charter.Conversion?.SplitAdjustment?.Clause ?? "conversion-price split adjustment (the charter names no clause)";

        // Subdivide or combine each common position; a combination rounds each holder down (fractions are cashed out).
        long newOutstanding = 0;
        foreach (var key in _positions.Keys.Where(k => k.Security == common).ToList())
        {
            var scaled = Rounding.RoundDownToWholeShares((decimal)_positions[key] * e.Numerator / e.Denominator);
            _positions[key] = scaled;
            newOutstanding += scaled;
        }

        _outstanding[common] = newOutstanding;

        // Options and other instruments on common: more shares at a proportionately lower price.
        long reserved = 0;
        foreach (var id in _instruments.Keys.ToList())
        {
            var i = _instruments[id];
            if (i.Underlying != common) continue;
            var outstanding = Rounding.RoundDownToWholeShares((decimal)i.Outstanding * e.Numerator / e.Denominator);
            var price = Rounding.SplitAdjustedPrice(i.ExercisePrice * e.Denominator / e.Numerator);
            _instruments[id] = i with { Outstanding = outstanding, ExercisePrice = price };
            reserved += outstanding;
        }

        _instrumentReserved[common] = reserved;

        // §6(e)(i): every conversion price moves in inverse proportion, concurrently with the split.
        foreach (var s in Charter.Series)
        {
            var from = _conversionPrices[s.Id];
            var to = Rounding.SplitAdjustedPrice(from * e.Denominator / e.Numerator);
            _conversionPrices[s.Id] = to;
            _cpHistory.Add(new ConversionPriceChange(e.Date, s.Id, from, to, clause, _currentSequence,
                $"{(e.Numerator > e.Denominator ? "subdivision" : "combination")} {e.Numerator}:{e.Denominator}"));
        }

        OnStockSplit(e);
        return CheckAuthorized(common, 0, 0, "ratio");
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    private Refusal? CheckHolder(string field, string name)
    {
        if (_holderKinds.ContainsKey(name)) return null;
        var hint = _holderFold.TryGetValue(name, out var similar) ? $" (did you mean '{similar}'?)" : " (add it with 'charta holder add')";
        return new Refusal(field, name, $"is not a stakeholder of the company{hint}");
    }

    private Refusal? CheckSecurity(string field, string id)
    {
        if (Charter.IsCommon(id) || Charter.FindSeries(id) is not null) return null;
        return new Refusal(field, id, $"is not a class of {Charter.Company}; use one of {string.Join(", ", Charter.ClassIds)}", Cite(Charter.Series.FirstOrDefault()?.Designation?.Clause));
    }

    private Refusal? CheckExclusion(string? exclusion, string? approval)
    {
        if (exclusion is null) return null;
        var ad = Charter.AntiDilution;
        var ex = ad?.FindExclusion(exclusion);
        if (ex is null)
            return new Refusal("exclusion", exclusion,
                $"is not an anti-dilution exclusion of this charter ({string.Join(", ", ad?.Exclusions.Select(x => x.Id) ?? [])})",
                ad is null ? null : Clause.Of(ad.Clause));
        if (ex.Approval == "board" && string.IsNullOrWhiteSpace(approval))
            return new Refusal("approval", "(none)", $"the '{ex.Id}' exclusion requires a record of Board approval", Clause.Of(ex.Clause));
        return null;
    }

    /// <summary>
    /// FOURTH (authorized total, common, preferred), §2 (each series' fixed number), §9 (converted preferred is not
    /// reissuable) and §6(i) (common reserved for conversion of all preferred and exercise of all instruments).
    /// Checks the state as it would be after issuing <paramref name="newShares"/> and reserving
    /// <paramref name="newReserved"/> more shares of <paramref name="security"/>.
    /// </summary>
    private Refusal? CheckAuthorized(string security, long newShares, long newReserved, string field)
    {
        var c = Charter;
        var common = c.Common.Id;
        var a = c.Authorized;
        var value = N(newShares + newReserved);

        if (!c.IsCommon(security))
        {
            var s = c.FindSeries(security)!;
            var used = _outstanding.GetValueOrDefault(security) + _retired.GetValueOrDefault(security) + _instrumentReserved.GetValueOrDefault(security);
            var after = used + newShares + newReserved;
            if (after > s.FixedShares.Value)
                return new Refusal(field, value,
                    $"would bring {s.Name} to {N(after)} shares issued, retired or reserved, over its fixed number of {N(s.FixedShares.Value)} by {N(after - s.FixedShares.Value)}"
                    + (_retired.GetValueOrDefault(security) > 0 ? $" ({N(_retired[security])} converted shares are cancelled and not reissuable, {c.Conversion?.ConvertedSharesReissuable?.Clause ?? "FOURTH §9"})" : ""),
                    Clause.Of(s.FixedShares.Clause));
        }

        long preferredUsed = newShares + newReserved;
        if (c.IsCommon(security)) preferredUsed = 0;
        foreach (var s in c.Series)
            preferredUsed += _outstanding.GetValueOrDefault(s.Id) + _retired.GetValueOrDefault(s.Id) + _instrumentReserved.GetValueOrDefault(s.Id);
        if (preferredUsed > a.Preferred.Value)
            return new Refusal(field, value, $"would bring the preferred to {N(preferredUsed)} shares, over the {N(a.Preferred.Value)} authorized by {N(preferredUsed - a.Preferred.Value)}", Clause.Of(a.Preferred.Clause));

        var commonOutstanding = _outstanding.GetValueOrDefault(common) + (c.IsCommon(security) ? newShares : 0);
        if (commonOutstanding > a.Common.Value)
            return new Refusal(field, value, $"would bring the common outstanding to {N(commonOutstanding)}, over the {N(a.Common.Value)} authorized by {N(commonOutstanding - a.Common.Value)}", Clause.Of(a.Common.Clause));
        if (commonOutstanding + preferredUsed > a.Total.Value)
            return new Refusal(field, value, $"would bring the shares of all classes to {N(commonOutstanding + preferredUsed)}, over the {N(a.Total.Value)} authorized by {N(commonOutstanding + preferredUsed - a.Total.Value)}", Clause.Of(a.Total.Clause));

        // §6(i): authorized-but-unissued common must cover conversion of all preferred and exercise of all instruments.
        long reserve = _instrumentReserved.GetValueOrDefault(common) + (c.IsCommon(security) ? newReserved : 0);
        foreach (var s in c.Series)
        {
            var pending = _outstanding.GetValueOrDefault(s.Id) + _instrumentReserved.GetValueOrDefault(s.Id);
            if (s.Id == security) pending += newShares + newReserved;
            if (pending > 0)
                reserve += Rounding.RoundDownToWholeShares(pending * s.OriginalIssuePrice.Value / _conversionPrices[s.Id]);
        }

        var unissued = a.Common.Value - commonOutstanding;
        // A charter without a reservation covenant (e.g. one built from another system's classes) requires none.
        if (reserve > unissued && c.Conversion?.Reservation is not null)
        {
            var clause = c.Conversion?.Reservation?.Clause ?? "FOURTH §6(i)";
            return new Refusal(field, value,
                $"would leave {N(unissued)} authorized but unissued common against {N(reserve)} needed for conversion of all preferred and exercise of all options, warrants and convertibles: {N(reserve - unissued)} shares short",
                Clause.Of(clause));
        }

        return null;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void AddPosition(string holder, string security, long delta, bool countOutstanding = true)
    {
        var key = (holder, security);
        var next = _positions.GetValueOrDefault(key) + delta;
        if (next == 0) _positions.Remove(key);
        else _positions[key] = next;
        if (countOutstanding) _outstanding[security] = _outstanding.GetValueOrDefault(security) + delta;
    }

    private void AddReserved(string security, long delta) =>
        _instrumentReserved[security] = _instrumentReserved.GetValueOrDefault(security) + delta;

    private Instrument? FindInstrument(string id) => _instruments.GetValueOrDefault(id);

    private static Refusal UnknownInstrument(string id) =>
        new("id", id, "is not an option, warrant or convertible of the company (see 'charta captable')");

    private string SecurityName(string id) =>
        Charter.IsCommon(id) ? Charter.Common.Name : Charter.FindSeries(id)?.Name ?? id;

    /// <summary>A citation the charter document itself supplies; none when the charter does not name one.</summary>
    private static Clause? Cite(string? fromCharter) => fromCharter is null ? null : Clause.Of(fromCharter);

    /// <summary>
    /// A sub-clause the charter model does not carry (e.g. §6(d)(v) under §6(d)): cited precisely when the charter's
    /// parent clause is the one the sub-clause belongs to, else the charter's own parent clause, else none.
    /// </summary>
    private static Clause? CiteUnder(string? parentFromCharter, string knownParent, string subClause) =>
        parentFromCharter is null ? null : Clause.Of(parentFromCharter == knownParent ? subClause : parentFromCharter);

    internal static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Px(decimal p) => p.ToString(CultureInfo.InvariantCulture);

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

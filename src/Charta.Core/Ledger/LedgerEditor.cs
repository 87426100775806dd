using System.Collections.Immutable;
using System.Globalization;
using Charta.Core.AntiDilution;
using Charta.Core.Charter;
using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>
/// The fold's copy-on-write editor over the immutable <see cref="LedgerState"/> (one record per concern): taking it
/// and freezing it back are O(1), so a million events fold in one pass while callers only see immutable snapshots.
/// Every event has a rule in <see cref="Rules"/>: a <c>Decide</c> that reads the state and returns a
/// <see cref="Refusal"/> or null (changing nothing), and an <c>Evolve</c> that applies a decided event (checking nothing).
/// </summary>
internal sealed partial class LedgerEditor
{
    private CharterDocument? _charter;
    private string _charterId;
    private DateOnly? _incorporatedOn;
    private DateOnly? _liquidatedOn;
    private long _liquidatedBy;
    private readonly ImmutableList<string>.Builder _holders;
    private readonly ImmutableDictionary<string, string?>.Builder _holderKinds;
    private readonly ImmutableDictionary<string, string>.Builder _holderFold;
    // The maps a snapshot may restore on first use (Deferred): taken as builders only when a rule touches them.
    private readonly Deferred<ImmutableDictionary<(string Holder, string Security), long>> _positionsFrom;
    private ImmutableDictionary<(string Holder, string Security), long>.Builder? _positionsEdit;
    private readonly Deferred<ImmutableDictionary<string, Instrument>> _instrumentsFrom;
    private ImmutableDictionary<string, Instrument>.Builder? _instrumentsEdit;
    // While the instruments are unread and can be read by key: the ones changed (and how many of them are new).
    private ImmutableDictionary<string, Instrument>.Builder? _instrumentsChanged;
    private int _instrumentsAdded;
    private readonly Deferred<ImmutableDictionary<(string Holder, string Security), LatestIssue>> _latestIssueFrom;
    private ImmutableDictionary<(string Holder, string Security), LatestIssue>.Builder? _latestIssueEdit;
    private readonly Dictionary<string, long> _outstanding;
    private readonly Dictionary<string, long> _retired;
    private readonly Dictionary<string, decimal> _conversionPrices;
    private readonly Dictionary<string, ExactPrice> _exactPrices;
    private readonly AppendList<ConversionPriceChange>.Builder _cpHistory;
    private readonly Dictionary<string, DateOnly> _firstIssue;
    private readonly Dictionary<string, decimal> _declaredUnpaid;
    private readonly ImmutableDictionary<string, ImmutableList<Dividends.AccrualLot>>.Builder _accrualLots;
    private readonly ImmutableDictionary<string, Redemption.RedemptionRequest>.Builder _redemptions;
    // Running reservations (outstanding instrument shares) per underlying class, so §6(i) checks are O(series).
    private readonly Dictionary<string, long> _instrumentReserved;
    private readonly AntiDilutionState.Builder _ad;
    private readonly ImmutableDictionary<string, DeclaredDividend>.Builder _dividends;
    private readonly ImmutableDictionary<string, VestingSchedule>.Builder _vesting;
    private readonly ImmutableDictionary<string, PlanReserve>.Builder _plans;
    private readonly ImmutableDictionary<string, ConvertibleNote>.Builder _convertibles;
    private readonly ImmutableDictionary<(long Event, string Holder), StoredOutcome>.Builder _outcomes;
    private long _eventCount;
    private long _currentSequence;
    // An editor of a table (From): that table's per-holder cell and the holders whose positions changed since (null:
    // not tracked; _touchedAll: too many, or every holder, as a split), for the tables it freezes (CapTable.Holders.cs).
    private CapTable.HolderCell? _origin;
    private CapTable.HolderLineage? _originLineage;
    private HashSet<string>? _touched;
    private bool _touchedAll;

    /// <summary>An editor of <paramref name="state"/>: taking it and freezing it back are O(1); the state itself never changes.</summary>
    public LedgerEditor(LedgerState? state = null)
    {
        var s = state ?? LedgerState.Empty;
        (_charter, _charterId, _incorporatedOn) = (s.Register.Charter, s.Register.CharterId, s.Register.IncorporatedOn);
        (_liquidatedOn, _liquidatedBy) = (s.Register.LiquidatedOn, s.Register.LiquidatedBy);
        _holders = s.Register.Holders.ToBuilder();
        _holderKinds = s.Register.Kinds.ToBuilder();
        _holderFold = s.Register.CaseFolded.ToBuilder();
        _positionsFrom = s.Issuance.PositionsPart;
        _outstanding = new(s.Issuance.Outstanding, StringComparer.Ordinal);
        _retired = new(s.Issuance.Retired, StringComparer.Ordinal);
        _firstIssue = new(s.Issuance.FirstIssue, StringComparer.Ordinal);
        _latestIssueFrom = s.Issuance.LatestIssuesPart;
        _instrumentsFrom = s.Instruments.InstrumentsPart;
        _instrumentReserved = new(s.Instruments.Reserved, StringComparer.Ordinal);
        _conversionPrices = new(s.Conversion.Prices, StringComparer.Ordinal);
        _exactPrices = new(s.Conversion.Exact, StringComparer.Ordinal);
        _cpHistory = s.Conversion.History.ToBuilder();
        _ad = s.Conversion.AntiDilution.ToBuilder();
        _outcomes = s.Conversion.Outcomes.ToBuilder();
        _dividends = s.Dividends.Declared.ToBuilder();
        _declaredUnpaid = new(s.Dividends.UnpaidPerShare, StringComparer.Ordinal);
        _accrualLots = s.Dividends.AccrualLots.ToBuilder();
        _redemptions = s.Dividends.Redemptions.ToBuilder();
        _vesting = s.Vesting.Schedules.ToBuilder();
        _plans = s.Vesting.Plans.ToBuilder();
        _convertibles = s.Vesting.Convertibles.ToBuilder();
        _eventCount = s.EventCount;
    }

#pragma warning disable IDE1006 // named as the fields they replace
    private ImmutableDictionary<(string Holder, string Security), long>.Builder _positions => _positionsEdit ??= _positionsFrom.Value.ToBuilder();

    private ImmutableDictionary<string, Instrument>.Builder _instruments => _instrumentsEdit ??= AllInstruments();

    private ImmutableDictionary<(string Holder, string Security), LatestIssue>.Builder _latestIssue => _latestIssueEdit ??= _latestIssueFrom.Value.ToBuilder();
#pragma warning restore IDE1006

    public CharterDocument Charter => _charter ?? throw new InvalidOperationException("the ledger has no company-created event");

    public bool HasCompany => _charter is not null;

    /// <summary>The state as it stands: O(1), sharing every collection with the editor's later (copy-on-write) changes.</summary>
    public LedgerState State() => new(
        new RegisterState(_charter, _charterId, _incorporatedOn, _holders.ToImmutable(), _holderKinds.ToImmutable(), _holderFold.ToImmutable(), _liquidatedOn, _liquidatedBy),
        new IssuanceState(_positionsEdit is { } p ? p.ToImmutable() : _positionsFrom, Small(_outstanding), Small(_retired), Small(_firstIssue),
            _latestIssueEdit is { } l ? l.ToImmutable() : _latestIssueFrom),
        new InstrumentState(_instrumentsEdit is { } i ? i.ToImmutable()
            : _instrumentsChanged is { Count: > 0 } c ? DeferredMap.Overlay(_instrumentsFrom, c.ToImmutable(), _instrumentsAdded) : _instrumentsFrom, Small(_instrumentReserved)),
        new ConversionBook(Small(_conversionPrices), Small(_exactPrices), _cpHistory.ToImmutable(), _ad.ToImmutable(), _outcomes.ToImmutable()),
        new DividendState(_dividends.ToImmutable(), Small(_declaredUnpaid), _accrualLots.ToImmutable(), _redemptions.ToImmutable()),
        new VestingState(_vesting.ToImmutable(), _plans.ToImmutable(), _convertibles.ToImmutable()),
        _eventCount);

    public CapTable Freeze(DateOnly? asOf) => new(State(), asOf)
    {
        Lineage = _origin is { } o && _touched is { } t && !_touchedAll
            ? CapTable.HolderLineage.Through(o, new HashSet<string>(t, StringComparer.Ordinal), _originLineage)
            : null,
    };

    /// <summary>At most this many holders' rows are tracked for <see cref="CapTable.HolderLineage"/>; beyond, the rows are rebuilt.</summary>
    private const int TouchedAtMost = 1024;

    /// <summary>A holder whose positions changed (for the tables this editor freezes).</summary>
    private void Touch(string holder)
    {
        if (_touched is null || _touchedAll) return;
        _touched.Add(holder);
        if (_touched.Count > TouchedAtMost) _touchedAll = true;
    }

    // Maps keyed by class or series hold a handful of entries: the editor copies them (O(classes)), which is cheaper
    // per event than a persistent map; the large maps (positions, instruments, holders) stay persistent.
    private static SmallMap<T> Small<T>(Dictionary<string, T> d) => SmallMap<T>.From(d);

    /// <summary>An editor of a table's state (for the single-step <see cref="Fold.Evolve"/>): O(1).</summary>
    public static LedgerEditor From(CapTable t, IReadOnlySet<long>? deciding = null) =>
        new(t.State) { Deciding = deciding, _origin = t.Cell, _originLineage = t.LineageOf, _touched = new HashSet<string>(StringComparer.Ordinal) };

    /// <summary>A copy to try steps on (for a rule whose check needs the state part-way through the event): O(classes).</summary>
    private LedgerEditor Scratch() => new(State()) { Deciding = Deciding, _currentSequence = _currentSequence, _currentEvent = _currentEvent };

    /// <summary>One event's rule: <c>Decide</c> reads the state and refuses or allows (it changes nothing);
    /// <c>Evolve</c> applies an event that was decided valid (it checks nothing).</summary>
    internal sealed record Rule(Func<LedgerEditor, LedgerEvent, Refusal?> Decide, Action<LedgerEditor, LedgerEvent> Evolve);

    private static Rule R<T>(Func<LedgerEditor, T, Refusal?> decide, Action<LedgerEditor, T> evolve) where T : LedgerEvent =>
        new((b, e) => decide(b, (T)e), (b, e) => evolve(b, (T)e));

    /// <summary>
    /// The dispatch table: every event the ledger knows, with its decide and its evolve, grouped by concern (each
    /// concern's rules in the file named after it).
    /// </summary>
    private static readonly Dictionary<Type, Rule> Rules = new()
    {
        // register (Register.cs)
        [typeof(CompanyCreated)] = R<CompanyCreated>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(StakeholderAdded)] = R<StakeholderAdded>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // issuance and movements (Issuance.cs)
        [typeof(SharesIssued)] = R<SharesIssued>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(SharesTransferred)] = R<SharesTransferred>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(SharesCancelled)] = R<SharesCancelled>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(StockSplit)] = R<StockSplit>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(SharesReissued)] = R<SharesReissued>((b, e) => b.Decide(e), (_, _) => { }),
        [typeof(AuthorizedSharesChanged)] = R<AuthorizedSharesChanged>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(SharesIssuedForMixedConsideration)] = R<SharesIssuedForMixedConsideration>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // instruments (Instruments.cs)
        [typeof(InstrumentGranted)] = R<InstrumentGranted>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(InstrumentExercised)] = R<InstrumentExercised>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(InstrumentExpired)] = R<InstrumentExpired>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(InstrumentCancelled)] = R<InstrumentCancelled>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(InstrumentRepriced)] = R<InstrumentRepriced>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // conversion book (ConversionBook.cs; stored outcomes and corrections in StoredOutcomes.cs)
        [typeof(PreferredConverted)] = R<PreferredConverted>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(ConversionPriceSet)] = R<ConversionPriceSet>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(RegistrationFiled)] = R<RegistrationFiled>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(PublicOfferingClosed)] = R<PublicOfferingClosed>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(PreferredConversionVoted)] = R<PreferredConversionVoted>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(SeriesConversionVoted)] = R<SeriesConversionVoted>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(QualifiedFinancingClosed)] = R<QualifiedFinancingClosed>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(OtherSecuritiesDistributed)] = R<OtherSecuritiesDistributed>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(CommonReclassified)] = R<CommonReclassified>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(ConversionCorrected)] = R<ConversionCorrected>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // dividends (Dividends.cs)
        [typeof(DividendDeclared)] = R<DividendDeclared>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(DividendPaid)] = R<DividendPaid>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(DividendPaidInKind)] = R<DividendPaidInKind>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(DividendCorrected)] = R<DividendCorrected>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // redemption at the holder's option (Redemption.cs)
        [typeof(RedemptionRequested)] = R<RedemptionRequested>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(RedemptionInstalmentPaid)] = R<RedemptionInstalmentPaid>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // vesting, plans and convertibles (Vesting.cs)
        [typeof(VestingScheduled)] = R<VestingScheduled>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(VestingAccelerated)] = R<VestingAccelerated>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(PlanReserveSet)] = R<PlanReserveSet>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(ConvertibleIssued)] = R<ConvertibleIssued>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(ConvertibleClosed)] = R<ConvertibleClosed>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // charter amendments (Amendments.cs) and actions needing the preferred's consent (Governance.cs)
        [typeof(AuthorizedSharesAmended)] = R<AuthorizedSharesAmended>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(PreferredRepurchased)] = R<PreferredRepurchased>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(DeemedLiquidationClosed)] = R<DeemedLiquidationClosed>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        [typeof(CharterAmended)] = R<CharterAmended>((b, e) => b.Decide(e), (b, e) => b.Evolve(e)),
        // corrections: a void is applied before the fold (Fold.Effective), never as a step
        [typeof(EventVoided)] = R<EventVoided>((_, e) => new Refusal("event", e.Event.ToString(CultureInfo.InvariantCulture), "a void is applied before the fold, not as a step"), (_, _) => { }),
    };

    /// <summary>Every event type the catalog knows has a rule (checked by a test).</summary>
    internal static IEnumerable<Type> EventTypesWithARule => Rules.Keys;

    private static Rule RuleFor(LedgerEvent e) =>
        Rules.TryGetValue(e.GetType(), out var rule) ? rule : throw new InvalidOperationException($"the fold has no rule for event {e.GetType().Name}");

    /// <summary>Decides the event against the current state and, if it is allowed, evolves the state by it.</summary>
    public Refusal? Apply(RecordedEvent recorded) => Decide(recorded) ?? Evolve(recorded);

    /// <summary>§6(i) of a folded state: the common to reserve and the authorized but unissued common; null when the charter has no reservation covenant.</summary>
    internal static (long Reserve, long Unissued)? ReservationOf(CapTable t) => From(t).Reservation();

    /// <summary>§6(i) of the state being folded (as <see cref="ReservationOf"/>).</summary>
    internal (long Reserve, long Unissued)? Reservation() =>
        _charter?.Conversion?.Reservation is null ? null : Reservation(Charter.Common.Id, 0, 0, null);

    /// <summary>§6(i) per class of common of the state being folded; null when the charter has no reservation covenant.</summary>
    internal IReadOnlyList<(string Class, long Reserve, long Unissued)>? ReservationPerClass() =>
        _charter?.Conversion?.Reservation is null ? null : ReservationByClass(Charter.Common.Id, 0, 0, null).ToArray();

    /// <summary>Decides the event against the current state: a refusal, or null if it may be applied. Changes nothing.</summary>
    public Refusal? Decide(RecordedEvent recorded)
    {
        var e = recorded.Event;
        _currentSequence = recorded.Sequence;
        _currentEvent = e;
        if (e is not CompanyCreated && _charter is null)
            return new Refusal("event", EventCatalog.NameOf(e).Name, "the ledger has no company yet: run 'charta init' first");
        if (!e.IsRegistry && _incorporatedOn is { } inc && e.Date < inc)
            return new Refusal("date", Iso(e.Date), $"is before the incorporation date {Iso(inc)}");
        if (!e.IsRegistry && _liquidatedOn is { } closed && e.Date >= closed)
            return new Refusal("date", Iso(e.Date),
                $"is on or after {Iso(closed)}, when the company's deemed liquidation closed (event {_liquidatedBy.ToString(CultureInfo.InvariantCulture)}): its shares became the right to receive the consideration; void that event first if it was recorded in error",
                Cite(Charter.Liquidation?.DeemedLiquidation?.Clause));
        return RuleFor(e).Decide(this, e);
    }

    /// <summary>Evolves the state by an event decided valid (nothing is checked). Always null, for chaining after <see cref="Decide(RecordedEvent)"/>.</summary>
    public Refusal? Evolve(RecordedEvent recorded)
    {
        var e = recorded.Event;
        _currentSequence = recorded.Sequence;
        _currentEvent = e;
        RuleFor(e).Evolve(this, e);
        _eventCount++;
        return null;
    }

    /// <summary>A nested event (a split inside a stock dividend, the issue inside an offering): decided, then evolved.</summary>
    private Refusal? DecideNested(LedgerEvent inner) => RuleFor(inner).Decide(this, inner);

    private void EvolveNested(LedgerEvent inner) => RuleFor(inner).Evolve(this, inner);

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
    /// §6(i): the common to reserve (every preferred share as converted at the exact price, rounded down per series, and
    /// every instrument on common) and the authorized but unissued common, after issuing <paramref name="newShares"/> and
    /// reserving <paramref name="newReserved"/> more shares of <paramref name="security"/>; all classes of common together.
    /// </summary>
    private (long Reserve, long Unissued) Reservation(string security, long newShares, long newReserved, AuthorizedView? view)
    {
        long reserve = 0, unissued = 0;
        foreach (var (_, r, u) in ReservationByClass(security, newShares, newReserved, view))
        {
            reserve += r;
            unissued += u;
        }

        return (reserve, unissued);
    }

    /// <summary>
    /// §6(i) per class of common: each class reserves for the instruments over it and, the class the preferred converts
    /// into, for the conversion of all preferred; its unissued shares are its own authorized number less its outstanding
    /// (with one class, authorized.common).
    /// </summary>
    private IEnumerable<(string Class, long Reserve, long Unissued)> ReservationByClass(string security, long newShares, long newReserved, AuthorizedView? view)
    {
        var c = view?.Charter ?? Charter;
        long Out(string id) => view?.Outstanding?.Invoke(id) ?? _outstanding.GetValueOrDefault(id);
        long Res(string id) => view?.Reserved?.Invoke(id) ?? _instrumentReserved.GetValueOrDefault(id);
        ExactPrice Price(string id) => view?.Price?.Invoke(id) ?? ExactPriceOf(id);
        long conversion = 0;
        foreach (var s in c.Series)
        {
            var pending = Out(s.Id) + Res(s.Id);
            if (s.Id == security) pending += newShares + newReserved;
            if (pending > 0)
                conversion += Price(s.Id).WholeSharesFor(pending * s.OriginalIssuePrice.Value);
        }

        var into = c.ConversionCommonId;
        foreach (var k in c.CommonClasses)
        {
            var reserve = Res(k.Id) + (security == k.Id ? newReserved : 0) + (k.Id == into ? conversion : 0);
            var outstanding = Out(k.Id) + (security == k.Id ? newShares : 0);
            var authorized = c.HasSeveralCommonClasses ? k.Authorized!.Value : c.Authorized.Common.Value;
            yield return (k.Id, reserve, authorized - outstanding);
        }
    }

    /// <summary>
    /// FOURTH (authorized total, common, preferred), §2 (each series' fixed number), §9 (converted preferred is not
    /// reissuable) and §6(i) (common reserved for conversion of all preferred and exercise of all instruments).
    /// Checks the state as it would be after issuing <paramref name="newShares"/> and reserving
    /// <paramref name="newReserved"/> more shares of <paramref name="security"/>.
    /// </summary>
    private Refusal? CheckAuthorized(string security, long newShares, long newReserved, string field, AuthorizedView? view = null)
    {
        var c = view?.Charter ?? Charter;
        long Out(string id) => view?.Outstanding?.Invoke(id) ?? _outstanding.GetValueOrDefault(id);
        long Res(string id) => view?.Reserved?.Invoke(id) ?? _instrumentReserved.GetValueOrDefault(id);
        var a = c.Authorized;
        var value = N(newShares + newReserved);

        if (!c.IsCommon(security))
        {
            var s = c.FindSeries(security)!;
            var used = Out(security) + _retired.GetValueOrDefault(security) + Res(security);
            var after = used + newShares + newReserved;
            if (after > s.FixedShares.Value)
                return new Refusal(field, value,
                    $"would bring {s.Name} to {N(after)} shares issued, retired or reserved, over its fixed number of {N(s.FixedShares.Value)} by {N(after - s.FixedShares.Value)}"
                    + (_retired.GetValueOrDefault(security) > 0 ? $" ({N(_retired[security])} converted or redeemed shares are cancelled and not reissuable{(c.Conversion?.ConvertedSharesReissuable?.Clause is { } st ? ", " + st : "")})" : ""),
                    Clause.Of(s.FixedShares.Clause));
        }

        long preferredUsed = newShares + newReserved;
        if (c.IsCommon(security)) preferredUsed = 0;
        foreach (var s in c.Series)
            preferredUsed += Out(s.Id) + _retired.GetValueOrDefault(s.Id) + Res(s.Id);
        if (preferredUsed > a.Preferred.Value)
            return new Refusal(field, value, $"would bring the preferred to {N(preferredUsed)} shares, over the {N(a.Preferred.Value)} authorized by {N(preferredUsed - a.Preferred.Value)}", Clause.Of(a.Preferred.Clause));

        long commonOutstanding = c.IsCommon(security) ? newShares : 0;
        foreach (var k in c.CommonClasses)
        {
            var classOutstanding = Out(k.Id) + (security == k.Id ? newShares : 0);
            commonOutstanding += Out(k.Id);
            if (c.HasSeveralCommonClasses && classOutstanding > k.Authorized!.Value)
                return new Refusal(field, value, $"would bring {k.Name} outstanding to {N(classOutstanding)}, over the {N(k.Authorized.Value)} authorized by {N(classOutstanding - k.Authorized.Value)}", Clause.Of(k.Authorized.Clause));
        }

        if (commonOutstanding > a.Common.Value)
            return new Refusal(field, value, $"would bring the common outstanding to {N(commonOutstanding)}, over the {N(a.Common.Value)} authorized by {N(commonOutstanding - a.Common.Value)}", Clause.Of(a.Common.Clause));
        if (commonOutstanding + preferredUsed > a.Total.Value)
            return new Refusal(field, value, $"would bring the shares of all classes to {N(commonOutstanding + preferredUsed)}, over the {N(a.Total.Value)} authorized by {N(commonOutstanding + preferredUsed - a.Total.Value)}", Clause.Of(a.Total.Clause));

        // §6(i): authorized-but-unissued common must cover conversion of all preferred and exercise of all instruments,
        // class by class where the charter has several classes of common.
        // A charter without a reservation covenant (e.g. one built from another system's classes) requires none.
        if (c.Conversion?.Reservation is { } covenant)
            foreach (var (k, reserve, unissued) in ReservationByClass(security, newShares, newReserved, view))
                if (reserve > unissued)
                    return new Refusal(field, value,
                        c.HasSeveralCommonClasses
                            ? $"would leave {N(unissued)} authorized but unissued shares of {c.FindCommon(k)!.Name} against {N(reserve)} needed for {(k == c.ConversionCommonId ? "conversion of all preferred and " : "")}exercise of all options, warrants and convertibles over it: {N(reserve - unissued)} shares short"
                            : $"would leave {N(unissued)} authorized but unissued common against {N(reserve)} needed for conversion of all preferred and exercise of all options, warrants and convertibles: {N(reserve - unissued)} shares short",
                        Clause.Of(covenant.Clause));

        return null;
    }

    /// <summary>The state a check is made against when it is not the current one (after a split, an amendment): null parts are the current state's.</summary>
    private sealed record AuthorizedView(CharterDocument? Charter = null, Func<string, long>? Outstanding = null, Func<string, long>? Reserved = null, Func<string, ExactPrice>? Price = null);

    // ---- helpers --------------------------------------------------------------------------------------------

    private void AddPosition(string holder, string security, long delta, bool countOutstanding = true)
    {
        var key = (holder, security);
        Touch(holder);
        var next = _positions.GetValueOrDefault(key) + delta;
        if (next == 0) _positions.Remove(key);
        else _positions[key] = next;
        if (countOutstanding) _outstanding[security] = _outstanding.GetValueOrDefault(security) + delta;
        if (countOutstanding && delta < 0) RetireAccrualLots(holder, security, -delta);
    }

    private void AddReserved(string security, long delta) =>
        _instrumentReserved[security] = _instrumentReserved.GetValueOrDefault(security) + delta;

    /// <summary>Every instrument, to edit (a split scales them all): the map read, with the changes made by key applied.</summary>
    private ImmutableDictionary<string, Instrument>.Builder AllInstruments()
    {
        var all = _instrumentsFrom.Value.ToBuilder();
        if (_instrumentsChanged is { } changed)
            foreach (var (k, v) in changed) all[k] = v;
        _instrumentsChanged = null;
        return all;
    }

    /// <summary>One instrument: by key while the map is unread (a snapshot's 246,769 options are not read for one grant).</summary>
    private Instrument? FindInstrument(string id) =>
        _instrumentsEdit is null && _instrumentsFrom.IsKeyed
            ? _instrumentsChanged?.GetValueOrDefault(id) ?? _instrumentsFrom.Find<string, Instrument>(id)
            : _instruments.GetValueOrDefault(id);

    /// <summary>Sets an instrument (<paramref name="added"/>: a new id), by key while the map is unread.</summary>
    private void SetInstrument(Instrument i, bool added = false)
    {
        if (_instrumentsEdit is null && _instrumentsFrom.IsKeyed)
        {
            (_instrumentsChanged ??= ImmutableDictionary.CreateBuilder<string, Instrument>(StringComparer.Ordinal))[i.GrantId] = i;
            if (added) _instrumentsAdded++;
            return;
        }

        _instruments[i.GrantId] = i;
    }

    private static Refusal UnknownInstrument(string id) =>
        new("id", id, "is not an option, warrant or convertible of the company (see 'charta captable')");

    private string SecurityName(string id) =>
        Charter.FindCommon(id)?.Name ?? Charter.FindSeries(id)?.Name ?? id;

    /// <summary>A citation the charter document itself supplies; none when the charter does not name one.</summary>
    private static Clause? Cite(string? fromCharter) => fromCharter is null ? null : Clause.Of(fromCharter);

    /// <summary>
    /// A rule the charter model carries no term for, cited from a clause the charter names by the charter's clause
    /// look-up (<see cref="ClauseLookup"/>): <paramref name="path"/> under the anchor's ancestor <paramref name="up"/>
    /// levels above, when the charter's own text has it; else the clause the charter names; else none.
    /// </summary>
    private Clause? CiteNear(string? anchor, string path, int up = 0) => Cite(ClauseLookup.Near(Charter, anchor, path, up));

    /// <summary>As <see cref="CiteNear"/> for a rule under the charter's anti-dilution clause; text when the charter has none.</summary>
    private string AntiDilutionRule(string path) =>
        ClauseLookup.Near(Charter, Charter.AntiDilution?.Clause, path) ?? "(the charter cites no anti-dilution clause)";

    internal static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Px(decimal p) => p.ToString(CultureInfo.InvariantCulture);

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

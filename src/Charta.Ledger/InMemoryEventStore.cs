using Charta.Core;
using Charta.Core.Ledger;

namespace Charta.Ledger;

/// <summary>A store that lives only as long as the process: for `charta demo` and what-if runs.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly List<RecordedEvent> _events = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<RecordedEvent> ReadAll()
    {
        lock (_gate) return _events.ToArray();
    }

    public Result<T> Write<T>(Func<IReadOnlyList<RecordedEvent>, long, Result<(IReadOnlyList<RecordedEvent> Append, T Value)>> decide)
    {
        lock (_gate)
        {
            var next = _events.Count == 0 ? 1 : _events[^1].Sequence + 1;
            var decision = decide(_events.ToArray(), next);
            if (!decision.IsOk) return decision.Refusal!;
            var previous = _events.Count == 0 ? EventChain.Genesis : _events[^1].Hash!;
            foreach (var r in decision.Value.Append)
            {
                var (name, version, payload) = EventSerializer.Serialize(r.Event);
                previous = EventChain.Link(previous, r.Sequence, name, version, r.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    r.RecordedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), r.RecordedBy, EventChain.PayloadHash(payload));
                _events.Add(r with { Hash = previous });
            }

            return decision.Value.Value;
        }
    }

    public void Dispose()
    {
    }
}

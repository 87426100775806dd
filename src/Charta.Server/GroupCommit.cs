namespace Charta.Server;

/// <summary>
/// Group commit: items that arrive while a batch is being processed wait, then go together in the next batch (one
/// transaction, one wait for the disk, for all of them) instead of queueing for one each. The thread whose item opens a
/// batch processes it; the others sleep until their batch is settled, then read what <c>settle</c> left on their items.
/// </summary>
internal sealed class GroupCommit<T>
    where T : class
{
    private sealed class Entry(T item)
    {
        public T Item { get; } = item;

        /// <summary>Its batch is settled: set under the lock, read by the thread waiting for it.</summary>
        public bool Finished { get; set; }
    }

    private readonly object _gate = new();
    private List<Entry> _queued = [];
    private bool _running;

    /// <summary>How many items are waiting for their turn.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate) return _queued.Count;
        }
    }

    /// <summary>
    /// Puts <paramref name="item"/> in a batch and returns once that batch is settled. <paramref name="process"/> runs the
    /// batch outside the lock (on this thread when its item opened the batch); <paramref name="settle"/> then runs under
    /// the lock with what <paramref name="process"/> threw (null if nothing), before any waiting thread reads its item.
    /// </summary>
    public void Submit(T item, Action<List<T>> process, Action<List<T>, Exception?> settle)
    {
        var mine = new Entry(item);
        List<Entry>? batch = null;
        lock (_gate)
        {
            _queued.Add(mine);
            // Another batch is running: wait until it is settled; it may have taken this item with it.
            while (!mine.Finished && _running) Monitor.Wait(_gate);
            if (!mine.Finished)
            {
                _running = true;
                (batch, _queued) = (_queued, []);
            }
        }

        if (batch is null) return;
        var items = batch.ConvertAll(e => e.Item);
        Exception? failure = null;
        try
        {
            process(items);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            lock (_gate)
            {
                settle(items, failure);
                foreach (var e in batch) e.Finished = true;
                _running = false;
                Monitor.PulseAll(_gate);
            }
        }
    }
}

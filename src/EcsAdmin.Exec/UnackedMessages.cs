using System.Collections.Generic;

namespace EcsAdmin.Exec
{
    /// <summary>
    /// Messages sent and not yet acknowledged, in the order they were sent: an acknowledgement removes its message by
    /// sequence number in O(1), and the oldest is found in O(1) amortized. (A list searched and shifted on every
    /// acknowledgement cost time in proportion to the window, thousands of messages in a bulk transfer.)
    /// Not thread-safe: the owner holds its lock.
    /// </summary>
    internal sealed class UnackedMessages<T> where T : class
    {
        readonly Dictionary<long, T> _bySeq = new Dictionary<long, T>();
        readonly Queue<long> _order = new Queue<long>();

        public int Count => _bySeq.Count;

        /// <summary>Adds a message; sequence numbers are added in the order the messages are sent.</summary>
        public void Add(long seq, T message)
        {
            _bySeq[seq] = message;
            _order.Enqueue(seq);
        }

        /// <summary>Removes and returns the message with this sequence number, or null when it is not waiting.</summary>
        public T? Remove(long seq) => _bySeq.TryGetValue(seq, out var m) && _bySeq.Remove(seq) ? m : null;

        /// <summary>The messages still waiting, oldest first.</summary>
        public IEnumerable<T> InOrder()
        {
            Trim();
            foreach (var seq in _order)
                if (_bySeq.TryGetValue(seq, out var m)) yield return m;
        }

        /// <summary>The oldest message still waiting, or null.</summary>
        public T? Oldest()
        {
            Trim();
            return _order.Count > 0 ? _bySeq[_order.Peek()] : null;
        }

        /// <summary>Drops acknowledged sequence numbers from the front of the order.</summary>
        void Trim()
        {
            while (_order.Count > 0 && !_bySeq.ContainsKey(_order.Peek())) _order.Dequeue();
        }
    }
}

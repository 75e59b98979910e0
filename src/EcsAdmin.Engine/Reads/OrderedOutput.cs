using System;
using System.Collections.Generic;

namespace EcsAdmin.Engine.Reads
{
    /// <summary>
    /// Keeps the output of work done concurrently in a fixed order while still streaming: items of the first
    /// unfinished part are written at once; items of later parts wait until every part before them is complete.
    /// </summary>
    internal sealed class OrderedOutput<T>
    {
        private readonly Action<T> _emit;
        private readonly List<T>?[] _held;
        private readonly bool[] _complete;
        private readonly object _sync = new object();
        private int _head;

        public OrderedOutput(int parts, Action<T> emit)
        {
            _emit = emit;
            _held = new List<T>?[parts];
            _complete = new bool[parts];
        }

        public void Add(int part, T item)
        {
            lock (_sync)
            {
                if (part == _head) _emit(item);
                else (_held[part] ??= new List<T>()).Add(item);
            }
        }

        public void Complete(int part)
        {
            lock (_sync)
            {
                _complete[part] = true;
                while (_head < _complete.Length && _complete[_head])
                {
                    _head++;
                    if (_head < _held.Length && _held[_head] is List<T> waiting)
                    {
                        foreach (var item in waiting) _emit(item);
                        _held[_head] = null;
                    }
                }
            }
        }
    }
}

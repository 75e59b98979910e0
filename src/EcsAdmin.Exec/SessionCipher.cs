using System;
using System.Security.Cryptography;

namespace EcsAdmin.Exec
{
    /// <summary>
    /// The stream encryption of a KMS-encrypted session (spec §6.4): a 64-byte KMS data key, the first half encrypts what
    /// the agent sends, the second half what the client sends; AES-256-GCM with a random 12-byte nonce and a 16-byte tag,
    /// no additional data; on the wire <c>nonce ‖ ciphertext ‖ tag</c>.
    /// </summary>
    /// <remarks>GCM is built here on AES-ECB (counter mode + GHASH, NIST SP 800-38D) because netstandard2.0 (Windows
    /// PowerShell 5.1) has no AesGcm; tests check it against the platform's AesGcm.</remarks>
    public sealed class SessionCipher : IDisposable
    {
        public const int KeyLength = 64, NonceLength = 12, TagLength = 16, Overhead = NonceLength + TagLength;

        readonly AesGcmBlock _agent, _client;

        /// <param name="dataKey">The 64-byte plaintext data key (copied; clear yours after).</param>
        public SessionCipher(byte[] dataKey)
        {
            if (dataKey is null) throw new ArgumentNullException(nameof(dataKey));
            if (dataKey.Length != KeyLength) throw new ArgumentException("The session data key must be 64 bytes.", nameof(dataKey));
            var a = new byte[32];
            var c = new byte[32];
            Buffer.BlockCopy(dataKey, 0, a, 0, 32);
            Buffer.BlockCopy(dataKey, 32, c, 0, 32);
            _agent = new AesGcmBlock(a);
            _client = new AesGcmBlock(c);
            Array.Clear(a, 0, a.Length);
            Array.Clear(c, 0, c.Length);
        }

        /// <summary>Client side: decrypt what the agent sent.</summary>
        public byte[] DecryptFromAgent(byte[] sealedPayload) => _agent.Open(sealedPayload);
        /// <summary>Client side: encrypt what the client sends.</summary>
        public byte[] EncryptFromClient(byte[] plaintext) => _client.Seal(plaintext);
        /// <summary>Agent side (test server): encrypt output.</summary>
        public byte[] EncryptFromAgent(byte[] plaintext) => _agent.Seal(plaintext);
        /// <summary>Agent side (test server): decrypt input.</summary>
        public byte[] DecryptFromClient(byte[] sealedPayload) => _client.Open(sealedPayload);

        public void Dispose()
        {
            _agent.Dispose();
            _client.Dispose();
        }

        /// <summary>AES-256-GCM with a 96-bit nonce and a 128-bit tag, no associated data.</summary>
        internal sealed class AesGcmBlock : IDisposable
        {
            readonly Aes _aes;
            readonly ICryptoTransform _ecb;
            readonly ulong _hHi, _hLo;
            readonly object _gate = new object();

            public AesGcmBlock(byte[] key)
            {
                _aes = Aes.Create();
                _aes.Mode = CipherMode.ECB;
                _aes.Padding = PaddingMode.None;
                _aes.Key = key;
                _ecb = _aes.CreateEncryptor();
                var h = new byte[16];
                _ecb.TransformBlock(new byte[16], 0, 16, h, 0);
                _hHi = ReadBE(h, 0);
                _hLo = ReadBE(h, 8);
            }

            public byte[] Seal(byte[] plaintext) => Seal(plaintext, RandomNonce());

            internal byte[] Seal(byte[] plaintext, byte[] nonce)
            {
                if (plaintext is null) throw new ArgumentNullException(nameof(plaintext));
                var result = new byte[NonceLength + plaintext.Length + TagLength];
                Buffer.BlockCopy(nonce, 0, result, 0, NonceLength);
                lock (_gate)
                {
                    Ctr(nonce, plaintext, 0, plaintext.Length, result, NonceLength);
                    var tag = Tag(nonce, result, NonceLength, plaintext.Length);
                    Buffer.BlockCopy(tag, 0, result, NonceLength + plaintext.Length, TagLength);
                }
                return result;
            }

            public byte[] Open(byte[] sealedPayload)
            {
                if (sealedPayload is null) throw new ArgumentNullException(nameof(sealedPayload));
                if (sealedPayload.Length < Overhead) throw new CryptographicException("The encrypted payload is shorter than nonce and tag.");
                var n = sealedPayload.Length - Overhead;
                var nonce = new byte[NonceLength];
                Buffer.BlockCopy(sealedPayload, 0, nonce, 0, NonceLength);
                var plain = new byte[n];
                lock (_gate)
                {
                    var tag = Tag(nonce, sealedPayload, NonceLength, n);
                    var diff = 0;
                    for (var i = 0; i < TagLength; i++) diff |= tag[i] ^ sealedPayload[NonceLength + n + i];
                    if (diff != 0) throw new CryptographicException("The encrypted payload failed authentication (wrong key or corrupted).");
                    Ctr(nonce, sealedPayload, NonceLength, n, plain, 0);
                }
                return plain;
            }

            static byte[] RandomNonce()
            {
                var nonce = new byte[NonceLength];
                using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(nonce);
                return nonce;
            }

            /// <summary>Counter mode from inc32(J0).</summary>
            void Ctr(byte[] nonce, byte[] input, int inOffset, int count, byte[] output, int outOffset)
            {
                var counter = new byte[16];
                Buffer.BlockCopy(nonce, 0, counter, 0, NonceLength);
                uint block = 2;
                var stream = new byte[16];
                for (var done = 0; done < count; done += 16)
                {
                    counter[12] = (byte)(block >> 24); counter[13] = (byte)(block >> 16); counter[14] = (byte)(block >> 8); counter[15] = (byte)block;
                    block++;
                    _ecb.TransformBlock(counter, 0, 16, stream, 0);
                    var n = Math.Min(16, count - done);
                    for (var i = 0; i < n; i++) output[outOffset + done + i] = (byte)(input[inOffset + done + i] ^ stream[i]);
                }
            }

            byte[] Tag(byte[] nonce, byte[] cipher, int offset, int count)
            {
                ulong yHi = 0, yLo = 0;
                var block = new byte[16];
                for (var done = 0; done < count; done += 16)
                {
                    var n = Math.Min(16, count - done);
                    Array.Clear(block, 0, 16);
                    Buffer.BlockCopy(cipher, offset + done, block, 0, n);
                    yHi ^= ReadBE(block, 0);
                    yLo ^= ReadBE(block, 8);
                    Multiply(ref yHi, ref yLo);
                }
                yLo ^= (ulong)count * 8; // len(A) = 0 in the high half, len(C) in bits in the low half
                Multiply(ref yHi, ref yLo);
                var j0 = new byte[16];
                Buffer.BlockCopy(nonce, 0, j0, 0, NonceLength);
                j0[15] = 1;
                var ej0 = new byte[16];
                _ecb.TransformBlock(j0, 0, 16, ej0, 0);
                var tag = new byte[16];
                WriteBE(tag, 0, yHi ^ ReadBE(ej0, 0));
                WriteBE(tag, 8, yLo ^ ReadBE(ej0, 8));
                return tag;
            }

            /// <summary>Y = Y · H in GF(2^128), GCM bit order.</summary>
            void Multiply(ref ulong yHi, ref ulong yLo)
            {
                ulong zHi = 0, zLo = 0, vHi = _hHi, vLo = _hLo;
                for (var i = 0; i < 128; i++)
                {
                    var bit = i < 64 ? (yHi >> (63 - i)) & 1 : (yLo >> (127 - i)) & 1;
                    if (bit != 0) { zHi ^= vHi; zLo ^= vLo; }
                    var lsb = vLo & 1;
                    vLo = (vLo >> 1) | (vHi << 63);
                    vHi >>= 1;
                    if (lsb != 0) vHi ^= 0xE100000000000000UL;
                }
                yHi = zHi;
                yLo = zLo;
            }

            static ulong ReadBE(byte[] b, int o)
            {
                ulong v = 0;
                for (var i = 0; i < 8; i++) v = (v << 8) | b[o + i];
                return v;
            }

            static void WriteBE(byte[] b, int o, ulong v)
            {
                for (var i = 7; i >= 0; i--) { b[o + i] = (byte)v; v >>= 8; }
            }

            public void Dispose()
            {
                _ecb.Dispose();
                _aes.Dispose();
            }
        }
    }
}

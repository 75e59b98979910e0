using System;
using System.Reflection;
using Amazon.Runtime;

namespace EcsAdmin.Engine.Session
{
    /// <summary>
    /// Turns whatever the user passed as -Credential into our AWSSDK.Core's AWSCredentials: our own type as is,
    /// another AWSSDK.Core's AWSCredentials (AWS.Tools) by calling its GetCredentials() each time (so refreshing
    /// credentials keep refreshing), or a PSCredential (user name = access key id, password = secret key).
    /// </summary>
    internal static class CredentialAdapter
    {
        public static AWSCredentials? FromObject(object? value)
        {
            if (value is null) return null;
            if (value is AWSCredentials ours) return ours;
            var type = value.GetType();

            var getCredentials = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (getCredentials != null) return new ForeignSdkCredentials(value, getCredentials);

            var userName = type.GetProperty("UserName")?.GetValue(value) as string;
            var getNetwork = type.GetMethod("GetNetworkCredential", Type.EmptyTypes);
            if (userName != null && getNetwork != null)
            {
                var network = getNetwork.Invoke(value, null);
                var secret = network?.GetType().GetProperty("Password")?.GetValue(network) as string;
                if (!string.IsNullOrEmpty(userName) && !string.IsNullOrEmpty(secret))
                    return new BasicAWSCredentials(userName, secret);
            }
            return null;
        }

        private sealed class ForeignSdkCredentials : AWSCredentials
        {
            private readonly object _inner;
            private readonly MethodInfo _get;

            public ForeignSdkCredentials(object inner, MethodInfo get)
            {
                _inner = inner;
                _get = get;
            }

            public override ImmutableCredentials GetCredentials()
            {
                var c = _get.Invoke(_inner, null) ?? throw new InvalidOperationException("The credential object returned no credentials.");
                var t = c.GetType();
                string? Read(string name) => t.GetProperty(name)?.GetValue(c) as string;
                var key = Read("AccessKey");
                var secret = Read("SecretKey");
                if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
                    throw new InvalidOperationException("The credential object has no access key or secret key.");
                return new ImmutableCredentials(key, secret, Read("Token"));
            }
        }
    }
}

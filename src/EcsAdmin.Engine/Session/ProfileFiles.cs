using System;
using System.IO;
using System.Reflection;
using Amazon.Runtime.CredentialManagement;

namespace EcsAdmin.Engine.Session
{
    /// <summary>
    /// The shared config and credentials files as they are NOW. AWSSDK.Core computes its default paths
    /// (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, ~/.aws) once per process in a static constructor, and only
    /// for files that exist at that moment; a PowerShell session lives long, and a user who sets AWS_CONFIG_FILE
    /// after the first EcsAdmin call must not be ignored. So the paths are computed on every resolution and
    /// handed to the SDK's SharedCredentialsFile explicitly (its config path has no public setter: it is set
    /// through the pinned AWSSDK.Core [4.1.0]'s private setter, and the session tests fail if that stops working).
    /// </summary>
    internal sealed class ProfileFiles
    {
        private static readonly PropertyInfo? ConfigPathProperty = typeof(SharedCredentialsFile).GetProperty("ConfigFilePath", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        private static readonly MethodInfo? RefreshMethod = typeof(SharedCredentialsFile).GetMethod("Refresh", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, Type.EmptyTypes, null);

        private readonly SharedCredentialsFile _shared;

        public ProfileFiles(string? profileLocation, IEnvironment env)
        {
            var home = env.Get("HOME") ?? env.Get("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            CredentialsPath = profileLocation ?? env.Get("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(home, ".aws", "credentials");
            ConfigPath = env.Get("AWS_CONFIG_FILE") ?? Path.Combine(home, ".aws", "config");
            IsExplicitLocation = profileLocation != null;

            _shared = new SharedCredentialsFile(CredentialsPath);
            if (!string.Equals(_shared.ConfigFilePath, ConfigPath, StringComparison.Ordinal) && ConfigPathProperty?.SetMethod != null && RefreshMethod != null)
            {
                ConfigPathProperty.SetValue(_shared, ConfigPath);
                RefreshMethod.Invoke(_shared, null);
            }
        }

        public string CredentialsPath { get; }
        public string ConfigPath { get; }
        public bool IsExplicitLocation { get; }

        /// <summary>What AWSCredentialsFactory uses to find a role profile's source_profile.</summary>
        public ICredentialProfileSource Source => _shared;

        public string Describe() => CredentialsPath + " and " + ConfigPath;

        public bool TryGetProfile(string name, out CredentialProfile? profile)
        {
            if (_shared.TryGetProfile(name, out var found))
            {
                profile = found;
                return true;
            }
            // On Windows AWS.Tools users may keep profiles in the SDK's encrypted store (NetSDKCredentialsFile).
            if (!IsExplicitLocation && Environment.OSVersion.Platform == PlatformID.Win32NT)
            {
                try
                {
                    if (new NetSDKCredentialsFile().TryGetProfile(name, out found))
                    {
                        profile = found;
                        return true;
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is PlatformNotSupportedException) { }
            }
            profile = null;
            return false;
        }
    }
}

# Sessions through the built module: Connect-EcsSession / Get-EcsSession / Disconnect-EcsSession, the values and
# the sources they show, typed errors, and that no secret reaches any stream. Profiles live in temp files
# (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE); the real ~/.aws is never read.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-EcsAdminUnderTest
    $script:Moto = Start-MotoServer
    $script:Proxy = Start-RecordingProxy -Upstream $Moto

    $script:EnvSecret = 'envSecretKeyNeverShown0123456789abcdefXY'
    $script:EnvToken = 'envSessionTokenNeverShown-9f8e7d6c5b4a'
    $script:DevSecret = 'devProfileSecretNeverShown0123456789abcd'
    $script:DevToken = 'devProfileTokenNeverShown-1a2b3c4d5e6f'
    $credentials = @"
[dev]
aws_access_key_id = AKIADEVPROFILE000042
aws_secret_access_key = $DevSecret
aws_session_token = $DevToken

[other]
aws_access_key_id = AKIAOTHERPROFILE0007
aws_secret_access_key = otherProfileSecretValue
"@
    $config = @"
[profile dev]
region = eu-west-1
max_attempts = 5

[profile other]
region = ap-southeast-2
"@
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $Moto.Url -AccessKeyId 'AKIAENVIRONMENT00099' -SecretAccessKey $EnvSecret `
        -CredentialsContent $credentials -ConfigContent $config
    $env:AWS_SESSION_TOKEN = $EnvToken
}

AfterAll {
    Disconnect-EcsSession -ErrorAction SilentlyContinue
    Restore-AwsEnvironment $Env
    Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
    Stop-RecordingProxy $Proxy
    Stop-MotoServer $Moto
}

Describe 'Connect-EcsSession / Get-EcsSession / Disconnect-EcsSession' {
    BeforeEach {
        Disconnect-EcsSession
        Reset-MotoServer $Moto
        $Proxy.Clear()
    }

    It 'without a default session, Get-EcsSession shows the environment and where each value came from' {
        $s = Get-EcsSession
        $s.IsDefault | Should -BeFalse
        $s.CredentialSource | Should -Be 'Environment'
        $s.AccessKeyId | Should -Be '****************0099'
        $s.Region | Should -Be 'us-east-1'
        $s.RegionOrigin | Should -Be 'Environment (AWS_REGION)'
        $s.EndpointUrl | Should -Be $Moto.Url
        $s.EndpointOrigin | Should -Be 'Environment (AWS_ENDPOINT_URL)'
        $s.ProfileName | Should -BeNullOrEmpty
    }

    It 'Connect-EcsSession -ProfileName -Region -EndpointUrl -Cluster sets the default session that Get-EcsSession shows' {
        $connected = Connect-EcsSession -ProfileName dev -Region eu-central-1 -EndpointUrl $Proxy.Url -Cluster prod -PassThru
        $connected.ProfileName | Should -Be 'dev'
        $connected.IsDefault | Should -BeTrue

        $s = Get-EcsSession
        $s.IsDefault | Should -BeTrue
        $s.ProfileName | Should -Be 'dev'
        $s.ProfileSource | Should -Be 'Session'
        $s.CredentialSource | Should -Be 'Profile'
        $s.AccessKeyId | Should -Be '****************0042'
        $s.Region | Should -Be 'eu-central-1'
        $s.RegionSource | Should -Be 'Session'
        $s.EndpointUrl | Should -Be $Proxy.Url
        $s.EndpointSource | Should -Be 'Session'
        $s.DefaultCluster | Should -Be 'prod'
        $s.MaxAttempts | Should -Be 5
    }

    It 'later cmdlets use the default session (its endpoint), and explicit parameters still win' {
        Connect-EcsSession -ProfileName dev -Region eu-central-1 -EndpointUrl $Proxy.Url
        $null = New-EcsCluster -Name session-probe
        $cluster = Get-EcsCluster -Name session-probe
        $cluster.Cluster | Should -Be 'session-probe'
        $cluster.ClusterArn | Should -BeLike 'arn:aws:ecs:eu-central-1:*'   # the session's region reached moto
        Get-RecordedRequest -Proxy $Proxy -Operation CreateCluster | Should -HaveCount 1

        $explicit = Get-EcsSession -ProfileName other -Region us-west-2
        $explicit.ProfileName | Should -Be 'other'
        $explicit.ProfileSource | Should -Be 'Parameter'
        $explicit.Region | Should -Be 'us-west-2'
        $explicit.RegionSource | Should -Be 'Parameter'
        $explicit.EndpointUrl | Should -Be $Proxy.Url
    }

    It 'a region from the profile is shown with its source, and -Session takes a session object' {
        $env:AWS_REGION = $null; $env:AWS_DEFAULT_REGION = $null
        try {
            $s = Get-EcsSession -ProfileName other
            $s.Region | Should -Be 'ap-southeast-2'
            $s.RegionSource | Should -Be 'Profile'
            $s.RegionOrigin | Should -Be "Profile 'other'"
        }
        finally { $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1' }

        $pinned = Connect-EcsSession -ProfileName other -Region sa-east-1 -PassThru
        Disconnect-EcsSession
        $viaSession = Get-EcsSession -Session $pinned
        $viaSession.ProfileName | Should -Be 'other'
        $viaSession.Region | Should -Be 'sa-east-1'
        $viaSession.RegionSource | Should -Be 'Session'
        $viaSession.IsDefault | Should -BeFalse
    }

    It 'Disconnect-EcsSession removes the default session and -PassThru returns it' {
        Connect-EcsSession -ProfileName dev -Region eu-central-1 -Cluster prod
        $removed = Disconnect-EcsSession -PassThru
        $removed.ProfileName | Should -Be 'dev'
        $removed.DefaultCluster | Should -Be 'prod'
        $after = Get-EcsSession
        $after.IsDefault | Should -BeFalse
        $after.ProfileName | Should -BeNullOrEmpty
        $after.RegionOrigin | Should -Be 'Environment (AWS_REGION)'
        Disconnect-EcsSession -PassThru | Should -BeNullOrEmpty
    }

    It 'a missing profile is a terminating ProfileNotFound error naming the files searched' {
        $ErrorActionPreference = 'Continue'
        $caught = $null; $reached = $false
        try { Connect-EcsSession -ProfileName does-not-exist -Region us-east-1; $reached = $true }
        catch { $caught = $_ }
        $reached | Should -BeFalse
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound,*'
        $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $caught.Exception.Message | Should -BeLike "*'does-not-exist'*"
        $caught.Exception.Message | Should -BeLike "*$($Env.CredentialsFile)*"
        Get-EcsSession | ForEach-Object IsDefault | Should -BeFalse
    }

    It 'a -Credential of the wrong type is UnusableCredential; a PSCredential is used as key id and secret' {
        { Get-EcsSession -Credential 42 } | Should -Throw -ErrorId 'UnusableCredential*'
        $pscred = [pscredential]::new('AKIAPSCREDENTIAL0055', (ConvertTo-SecureString 'psCredentialSecretValue' -AsPlainText -Force))
        $s = Get-EcsSession -Credential $pscred
        $s.CredentialSource | Should -Be 'Parameter'
        $s.AccessKeyId | Should -Be '****************0055'
    }

    It 'a missing region is a terminating RegionNotFound error' {
        $env:AWS_REGION = $null; $env:AWS_DEFAULT_REGION = $null
        try {
            { Get-EcsSession } | Should -Throw -ErrorId 'RegionNotFound*'
        }
        finally { $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1' }
    }

    It 'no secret key or session token appears in any stream or in $Error with -Verbose -Debug' {
        $Error.Clear()
        $text = & {
            Connect-EcsSession -ProfileName dev -Region eu-west-1 -EndpointUrl $Moto.Url -Cluster c1 -PassThru -Verbose -Debug | Format-List * | Out-String
            Get-EcsSession -Verbose -Debug | Format-List * | Out-String
            New-EcsCluster -Name secret-probe -Verbose -Debug | Out-String
            Get-EcsCluster -Verbose -Debug | Format-List * | Out-String
            Disconnect-EcsSession -PassThru -Verbose | Format-List * | Out-String
            Get-EcsSession -Verbose -Debug | Format-List * | Out-String
            Get-EcsCluster -Name missing-one -Verbose -Debug -ErrorAction Continue
            try { Connect-EcsSession -ProfileName nope -Verbose -Debug } catch { $_ | Format-List * -Force | Out-String }
        } *>&1 | Out-String
        $text += ($Error | Format-List * -Force | Out-String)
        $text | Should -Not -BeNullOrEmpty
        $text | Should -BeLike '*VERBOSE*'  # the streams really were captured
        foreach ($secret in $EnvSecret, $EnvToken, $DevSecret, $DevToken) {
            $text | Should -Not -BeLike "*$secret*"
        }
    }
}

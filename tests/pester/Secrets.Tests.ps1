# Secrets never reach an output stream (issues 2 and 8): representative calls with -Verbose -Debug, every stream
# captured, errors included, for environment keys with a session token and for profile keys.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETkey'
    $script:Token = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue0123456789abcdef'
    $script:ProfileSecret = 'profileSECRETaBcDeFgHiJkLmNoPqRsTuVwXyZ01'
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Moto.Url -SecretAccessKey $script:Secret -CredentialsContent @"
[ops]
aws_access_key_id = AKIAPROFILEKEY000001
aws_secret_access_key = $($script:ProfileSecret)
region = us-east-1
"@
    $env:AWS_SESSION_TOKEN = $script:Token
    Import-EcsAdminUnderTest

    function Invoke-Everything {
        # Every stream, every record: what a transcript or a CI log would keep.
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
        $ErrorActionPreference = 'Continue'
        $out = & {
            Get-EcsSession | Format-List * | Out-String
            Connect-EcsSession -Region us-east-1 -PassThru | Format-List * | Out-String
            New-EcsCluster -Name secret-check -Tag @{ a = 'b' } -Verbose -Debug
            Get-EcsCluster -Verbose -Debug | Format-List * | Out-String
            Get-EcsCluster -Name does-not-exist -Verbose -Debug
            Set-EcsCluster -Name secret-check -ContainerInsights enabled -Verbose -Debug
            Register-EcsTaskDefinition -Family secret -Image nginx -Verbose -Debug | Format-List * | Out-String
            Register-EcsTaskDefinition -Family secret -Image nginx -Cpu 256 -Memory 9999 -Verbose -Debug
            Get-EcsTaskDefinition -ListFamilies -Verbose -Debug
            Get-EcsCluster -ProfileName ops -Verbose -Debug | Format-List * | Out-String
            Get-EcsSession -ProfileName ops | Format-List * | Out-String
            try { Get-EcsCluster -ProfileName missing-profile -Verbose -Debug } catch { $_ }
            Remove-EcsCluster -Name secret-check -Force -Verbose -Debug
            Disconnect-EcsSession -Verbose
        } *>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                $_.ToString(); $_.Exception.ToString(); $_.ErrorDetails | Out-String; $_.TargetObject | Out-String
            } else { $_ | Out-String }
        }
        ($out -join "`n") + "`n" + (($Error | ForEach-Object { $_.Exception.ToString() }) -join "`n")
    }
}

AfterAll {
    Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-MotoServer -Server $script:Moto
}

Describe 'No secret in any stream' {
    BeforeAll { $script:All = Invoke-Everything }

    It 'ran the calls (the capture is not empty and shows the API calls)' {
        $script:All | Should -Match 'ECS CreateCluster'
        $script:All | Should -Match 'ClusterNotFound|not found'
        $script:All | Should -Match 'ProfileNotFound|missing-profile'
    }

    It 'never shows the secret access key' { $script:All | Should -Not -Match ([regex]::Escape($script:Secret)) }
    It 'never shows the session token' { $script:All | Should -Not -Match ([regex]::Escape($script:Token)) }
    It 'never shows the profile''s secret key' { $script:All | Should -Not -Match ([regex]::Escape($script:ProfileSecret)) }
    It 'never shows a whole access key id (only a masked one)' {
        $script:All | Should -Not -Match 'AKIAPROFILEKEY000001'
        $script:All | Should -Match '\*+0001'
    }
}

# Keys from every credential source are scrubbed, and a failing credential_process's output is not copied.
Describe 'Secrets from a credential_process' -Skip:$IsWindows {
    BeforeAll {
        $script:ProcSecret = 'procSECRETkeyABCDEFGHIJ0123456789abcdefgh'
        $script:ProcToken = 'procSESSIONtokenXYZ0123456789abcdefghijklmnop'
        $script:LeakedSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKEDKEY0'
        $dir = Split-Path -Parent $script:Env.ConfigFile
        $good = Join-Path $dir 'creds.sh'
        $bad = Join-Path $dir 'leaky.sh'
        Set-Content -LiteralPath $good -Value "#!/bin/sh`necho '{""Version"": 1, ""AccessKeyId"": ""AKIAPROCESSKEY000001"", ""SecretAccessKey"": ""$($script:ProcSecret)"", ""SessionToken"": ""$($script:ProcToken)"", ""Expiration"": ""2099-01-01T00:00:00Z""}'`n"
        Set-Content -LiteralPath $bad -Value "#!/bin/sh`necho 'login failed: secret $($script:LeakedSecret)' >&2`necho 'more: $($script:LeakedSecret)' >&2`nexit 2`n"
        chmod +x $good $bad
        Add-Content -LiteralPath $script:Env.ConfigFile -Value "`n[profile proc]`ncredential_process = $good`nregion = us-east-1`n`n[profile leaky]`ncredential_process = $bad`nregion = us-east-1`n"
        $script:EchoProxy = Start-RecordingProxy -Upstream $script:Moto.Url
    }
    AfterAll { Stop-RecordingProxy -Proxy $script:EchoProxy }

    It 'an AWS error that echoes the process''s keys never shows them' {
        $script:EchoProxy.AddBodyOnlyFault('ListClusters', 400, 'UnrecognizedClientException',
            "The security token $($script:ProcToken) (secret $($script:ProcSecret)) is invalid.", 1)
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
        $all = (& { try { Get-EcsCluster -ProfileName proc -EndpointUrl $script:EchoProxy.Url -ErrorAction Stop } catch { $_; $_.Exception.ToString() } } *>&1 | Out-String)
        $all | Should -Match 'is invalid'
        $all | Should -Not -Match ([regex]::Escape($script:ProcSecret))
        $all | Should -Not -Match ([regex]::Escape($script:ProcToken))
    }

    It 'a failing credential_process''s output is not copied into the error' {
        $err = $null
        try { Get-EcsCluster -ProfileName leaky -EndpointUrl $script:EchoProxy.Url -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        ($err.FullyQualifiedErrorId -split ',')[0] | Should -Be 'UnusableCredential'
        $text = $err.ToString() + ' ' + $err.ErrorDetails.RecommendedAction
        $text | Should -Match 'leaky'
        $text | Should -Not -Match ([regex]::Escape($script:LeakedSecret))
        $text | Should -Not -Match 'more:'
    }
}

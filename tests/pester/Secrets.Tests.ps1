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

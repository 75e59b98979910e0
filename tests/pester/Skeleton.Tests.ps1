# The cmdlet skeleton (EcsCmdlet.ProcessItem): the session is resolved before ShouldProcess, so -WhatIf and
# -Confirm name the cluster the command will act on (the session's default cluster), and send no request.
# -WhatIf text goes to the host, not to a stream: each case runs in a fresh pwsh whose output is the host's.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Proxy = Start-RecordingProxy -Upstream $script:Moto.Url
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Proxy.Url
    Import-EcsAdminUnderTest
    $script:ModulePath = Get-EcsAdminModulePath

    # Runs $Command in a fresh pwsh with the module under test imported; returns its host output as one string.
    function Invoke-WithModule([string] $Command) {
        $r = Invoke-FreshPwsh -Command ("Import-Module '" + $script:ModulePath + "'; " + $Command)
        $text = $r.Output -join "`n"
        $r.ExitCode | Should -Be 0 -Because $text
        $text
    }
}

AfterAll {
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-RecordingProxy -Proxy $script:Proxy
    Stop-MotoServer -Server $script:Moto
}

Describe '-WhatIf names the cluster the command acts on' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.Clear() }

    It 'Remove-EcsService -WhatIf after Connect-EcsSession -Cluster prod names cluster prod and sends nothing' {
        $text = Invoke-WithModule 'Connect-EcsSession -Cluster prod; Remove-EcsService web -WhatIf'
        $text | Should -Match 'What if: .*"web \(cluster prod\)"'
        $text | Should -Not -Match 'cluster default'
        @(Get-RecordedRequest -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'Stop-EcsTask and Suspend-EcsScaling -WhatIf name the session''s cluster too, and send nothing' {
        $text = Invoke-WithModule 'Connect-EcsSession -Cluster prod; Stop-EcsTask abc123 -WhatIf; Suspend-EcsScaling -Service web -WhatIf'
        $text | Should -Match '"abc123 \(cluster prod\)"'
        $text | Should -Match '"service/prod/web"'
        @(Get-RecordedRequest -Proxy $script:Proxy).Count | Should -Be 0
    }

    It '-Cluster wins over the session''s default cluster, and -Session over the runspace default' {
        $text = Invoke-WithModule @'
Connect-EcsSession -Cluster prod
Remove-EcsService web -Cluster staging -WhatIf
$other = Connect-EcsSession -Cluster blue -PassThru
Connect-EcsSession -Cluster prod
Update-EcsService web -DesiredCount 2 -Session $other -WhatIf
'@
        $text | Should -Match '"web \(cluster staging\)"'
        $text | Should -Match '"web \(cluster blue\)"'
        @(Get-RecordedRequest -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'names cluster default when there is no session default' {
        $text = Invoke-WithModule 'Remove-EcsService web -WhatIf'
        $text | Should -Match '"web \(cluster default\)"'
    }

    It 'acts on the cluster -WhatIf named: without -WhatIf the request goes to the session''s cluster' {
        New-EcsCluster -Name prod | Out-Null
        $script:Proxy.Clear()
        try {
            Connect-EcsSession -Cluster prod
            Remove-EcsService web -Force -ErrorAction SilentlyContinue -ErrorVariable errs
        } finally { Disconnect-EcsSession }
        $errs[0].FullyQualifiedErrorId | Should -BeLike '*ServiceNotFound*'
        $delete = @(Get-RecordedRequest -Proxy $script:Proxy -Operation DeleteService)
        $delete.Count | Should -Be 1
        ($delete[0].Body | ConvertFrom-Json).cluster | Should -Be 'prod'
    }
}

# The cmdlet skeleton (EcsCmdlet.ProcessItem): the session is resolved before ShouldProcess, so -WhatIf and
# -Confirm name the cluster the command will act on (the session's default cluster), and send no request.
# -WhatIf text goes to the host, not to a stream: the cases run in one fresh pwsh whose output is the host's, each in
# a runspace of its own on that host (so each starts without a default session, as a fresh process would).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
    $script:ModulePath = Get-EcsAdminModulePath

    $cases = [ordered]@{
        prod    = 'Connect-EcsSession -Cluster prod; Remove-EcsService web -WhatIf'
        task    = 'Connect-EcsSession -Cluster prod; Stop-EcsTask abc123 -WhatIf; Suspend-EcsScaling -Service web -WhatIf'
        wins    = @'
Connect-EcsSession -Cluster prod
Remove-EcsService web -Cluster staging -WhatIf
$other = Connect-EcsSession -Cluster blue -PassThru
Connect-EcsSession -Cluster prod
Update-EcsService web -DesiredCount 2 -Session $other -WhatIf
'@
        default = 'Remove-EcsService web -WhatIf'
    }
    # Each case's host output between its markers; a case that throws or writes an error says so in its section.
    $caseScript = "Import-Module '$ModulePath'`n"
    foreach ($name in $cases.Keys) {
        $body = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("Import-Module '$ModulePath'`n" + $cases[$name]))
        $caseScript += @"
[Console]::Out.WriteLine('==== begin $name'); [Console]::Out.Flush()
`$rs = [runspacefactory]::CreateRunspace(`$Host); `$rs.Open()
`$ps = [powershell]::Create(); `$ps.Runspace = `$rs
`$null = `$ps.AddScript([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('$body')))
try { `$ps.Invoke() | Out-Host; foreach (`$e in `$ps.Streams.Error) { [Console]::Out.WriteLine('CASE ERROR: ' + `$e) } }
catch { [Console]::Out.WriteLine('CASE ERROR: ' + `$_) }
finally { `$ps.Dispose(); `$rs.Dispose() }
[Console]::Out.WriteLine('==== end $name')

"@
    }
    $run = Invoke-FreshPwsh -Command $caseScript
    $script:RunExitCode = $run.ExitCode
    $script:RunText = $run.Output -join "`n"
    # Every case's requests, taken before any BeforeEach clears the proxy.
    $script:CaseRequests = @(Get-RecordedRequest -Proxy $script:Proxy)

    # The host output of one case; fails when the case did not run to its end or wrote an error.
    function Get-CaseText([string] $Name) {
        $RunExitCode | Should -Be 0 -Because $RunText
        $m = [regex]::Match($RunText, "(?s)==== begin $Name\n(.*?)==== end $Name")
        $m.Success | Should -BeTrue -Because $RunText
        $m.Groups[1].Value | Should -Not -Match 'CASE ERROR' -Because $m.Groups[1].Value
        $m.Groups[1].Value
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe '-WhatIf names the cluster the command acts on' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.Clear() }

    It 'Remove-EcsService -WhatIf after Connect-EcsSession -Cluster prod names cluster prod and sends nothing' {
        $text = Get-CaseText prod
        $text | Should -Match 'What if: .*"web \(cluster prod\)"'
        $text | Should -Not -Match 'cluster default'
        $CaseRequests.Count | Should -Be 0
    }

    It 'Stop-EcsTask and Suspend-EcsScaling -WhatIf name the session''s cluster too, and send nothing' {
        $text = Get-CaseText task
        $text | Should -Match '"abc123 \(cluster prod\)"'
        $text | Should -Match '"service/prod/web"'
        $CaseRequests.Count | Should -Be 0
    }

    It '-Cluster wins over the session''s default cluster, and -Session over the runspace default' {
        $text = Get-CaseText wins
        $text | Should -Match '"web \(cluster staging\)"'
        $text | Should -Match '"web \(cluster blue\)"'
        $CaseRequests.Count | Should -Be 0
    }

    It 'names cluster default when there is no session default' {
        $text = Get-CaseText default
        $text | Should -Match '"web \(cluster default\)"'
        $text | Should -Not -Match 'cluster prod'
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

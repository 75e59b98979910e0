@{
    RootModule             = 'EcsAdmin.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0f6c1e-8d3a-4a51-9c1e-2f7d4e6a9b10'
    Author                 = 'EcsAdmin contributors'
    CompanyName            = 'EcsAdmin'
    Copyright              = '(c) EcsAdmin contributors. Apache-2.0.'
    Description            = 'Amazon ECS administration from PowerShell: clusters, task definitions, Fargate services and deployments that tell the truth, auto scaling, health verdicts, metrics, logs and ECS Exec without the session-manager-plugin.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('EcsAdmin.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-EcsSession'
        'Get-EcsSession'
        'Disconnect-EcsSession'
        'New-EcsCluster'
        'Get-EcsCluster'
        'Set-EcsCluster'
        'Remove-EcsCluster'
        'New-EcsFargateService'
        'Get-EcsService'
        'Update-EcsService'
        'Remove-EcsService'
        'Wait-EcsService'
        'Undo-EcsService'
        'Get-EcsServiceDeployment'
        'Stop-EcsServiceDeployment'
        'Approve-EcsServiceDeployment'
        'Deny-EcsServiceDeployment'
        'Get-EcsServiceRevision'
        'Compare-EcsServiceRevision'
        'Get-EcsTask'
        'Start-EcsTask'
        'Stop-EcsTask'
        'Set-EcsScaling'
        'Get-EcsScaling'
        'Remove-EcsScaling'
        'Suspend-EcsScaling'
        'Resume-EcsScaling'
        'Register-EcsTaskDefinition'
        'Get-EcsTaskDefinition'
        'Unregister-EcsTaskDefinition'
        'Invoke-EcsExec'
        'Test-EcsExecReadiness'
        'Get-EcsServiceHealth'
        'Get-EcsServiceMetric'
        'New-EcsServiceAlarm'
        'Get-EcsServiceAlarm'
        'Remove-EcsServiceAlarm'
        'Get-EcsLog'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'ECS', 'Fargate', 'Containers', 'DevOps', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/ecsadmin/EcsAdmin'
            ReleaseNotes = 'See CHANGELOG.md'
        }
    }
}

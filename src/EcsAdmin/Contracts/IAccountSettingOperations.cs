using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>ECS account settings, for the caller (or a principal) and as the account default.</summary>
    internal interface IAccountSettingOperations
    {
        /// <summary>Names may hold wildcards; effective: the values that apply (defaults included).</summary>
        Task GetAsync(EcsSession session, string[]? names, string? principalArn, bool effective, OperationContext context);
        /// <summary>accountDefault: PutAccountSettingDefault; else PutAccountSetting (for principalArn, or the caller).</summary>
        Task SetAsync(EcsSession session, string name, string value, string? principalArn, bool accountDefault, OperationContext context);
    }
}

resource "azurerm_kubernetes_cluster" "kms" {
  name                = "aks-kms"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "kms"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }


  key_management_service {
    key_vault_key_id         = "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef"
    key_vault_network_access = "Public"
  }
}


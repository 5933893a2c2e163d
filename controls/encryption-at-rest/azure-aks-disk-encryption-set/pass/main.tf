resource "azurerm_kubernetes_cluster" "byok" {
  name                = "aks-byok"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "byok"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  disk_encryption_set_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.Compute/diskEncryptionSets/des-aks"
}


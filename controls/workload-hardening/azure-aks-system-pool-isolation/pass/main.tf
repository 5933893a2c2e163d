resource "azurerm_kubernetes_cluster" "isolated" {
  name                = "aks-isolated"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "isolated"

  default_node_pool {
    name                         = "system"
    node_count                   = 3
    vm_size                      = "Standard_D4s_v5"
    only_critical_addons_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

}

resource "azurerm_kubernetes_cluster_node_pool" "apps" {
  name                  = "apps"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.isolated.id
  vm_size               = "Standard_D4s_v5"
  node_count            = 3
  mode                  = "User"
}

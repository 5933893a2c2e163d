resource "azurerm_kubernetes_cluster" "exposed" {
  name                = "aks-exposed"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "exposed"

  default_node_pool {
    name                   = "system"
    node_count             = 3
    vm_size                = "Standard_D4s_v5"
    node_public_ip_enabled = true # fail: cluster
  }

  identity {
    type = "SystemAssigned"
  }

}

resource "azurerm_kubernetes_cluster_node_pool" "legacy" {
  name                  = "legacy"
  kubernetes_cluster_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-shared"
  vm_size               = "Standard_D4s_v5"
  node_count            = 2
  enable_node_public_ip = true # fail: node-pool
}
